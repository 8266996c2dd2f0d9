using System.Text.Encodings.Web;
using System.Text.Json;

namespace Twin.Cli.Output;

/// <summary>
/// <c>--json</c>: the silo's JSON, indented, one document per command, so <c>jq</c> and scripts read it as is.
/// </summary>
internal static class JsonOutput
{
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        // Ids and reasons with umlauts or '<' stay readable instead of \u00fc escapes.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static Task WriteAsync(TextWriter output, JsonElement value) =>
        output.WriteLineAsync(JsonSerializer.Serialize(value, Indented));

    public static Task WriteAsync(TextWriter output, IEnumerable<JsonElement> values) =>
        output.WriteLineAsync(JsonSerializer.Serialize(values, Indented));
}
