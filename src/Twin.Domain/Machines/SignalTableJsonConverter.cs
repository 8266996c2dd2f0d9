using System.Text.Json;
using System.Text.Json.Serialization;

namespace Twin.Domain.Machines;

/// <summary>Reads and writes a <see cref="SignalTable"/> as a JSON object of name → value, the shape the twin's
/// signal dictionary had.</summary>
public sealed class SignalTableJsonConverter : JsonConverter<SignalTable>
{
    public override SignalTable Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var values = JsonSerializer.Deserialize<Dictionary<string, SignalValue>>(ref reader, options) ?? [];
        var table = new SignalTable();
        foreach (var (name, value) in values)
        {
            table.Set(value with { Name = value.Name ?? name });
        }
        return table;
    }

    public override void Write(Utf8JsonWriter writer, SignalTable value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var signal in value.Values)
        {
            writer.WritePropertyName(signal.Name);
            JsonSerializer.Serialize(writer, signal, options);
        }
        writer.WriteEndObject();
    }
}
