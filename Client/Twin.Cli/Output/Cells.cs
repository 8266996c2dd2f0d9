using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Twin.Cli.Output;

/// <summary>
/// How one JSON value looks in a table cell: text as it is, numbers as the silo wrote them, time stamps in UTC to
/// the second (a table is for reading; <c>--json</c> keeps the full precision), nothing as "-".
/// </summary>
internal static partial class Cells
{
    private const int MaxCellLength = 80;

    public static string Of(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Undefined or JsonValueKind.Null => "-",
        JsonValueKind.String => Text(value.GetString()!),
        JsonValueKind.True => "yes",
        JsonValueKind.False => "no",
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.Array => Array(value),
        _ => Clip(value.GetRawText()),
    };

    /// <summary>The named property of <paramref name="row"/>, "-" when it is missing.</summary>
    public static string Of(JsonElement row, string property) =>
        row.ValueKind == JsonValueKind.Object && row.TryGetProperty(property, out var value) ? Of(value) : "-";

    public static bool IsScalar(JsonElement value) => value.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array);

    private static string Text(string text) =>
        IsoTime().IsMatch(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : Clip(text.ReplaceLineEndings(" "));

    private static string Array(JsonElement array)
    {
        if (array.GetArrayLength() == 0)
        {
            return "-";
        }

        return array.EnumerateArray().All(IsScalar)
            ? Clip(string.Join(", ", array.EnumerateArray().Select(Of)))
            : $"({array.GetArrayLength()} entries)";
    }

    private static string Clip(string text) => text.Length <= MaxCellLength ? text : string.Concat(text.AsSpan(0, MaxCellLength - 1), "…");

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d")]
    private static partial Regex IsoTime();
}
