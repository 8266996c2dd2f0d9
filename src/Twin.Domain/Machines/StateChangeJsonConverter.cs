using System.Text.Json;
using System.Text.Json.Serialization;

namespace Twin.Domain.Machines;

/// <summary>
/// Writes a <see cref="StateChange"/> as [from, to, UTC ticks, reason] with the source's offset in minutes as a fifth
/// element when it is not zero (~40 bytes; the object form with an ISO time was ~80, per status change a machine made
/// in its retention, in every write of the twin). Ticks keep the time exact. Reads that and the object form
/// {"From", "To", "At", "Reason"} that twins stored before. A reason is a shared text: thousands of twins say "signal".
/// </summary>
public sealed class StateChangeJsonConverter : JsonConverter<StateChange>
{
    public override StateChange Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            var from = (MachineState)NextNumber(ref reader);
            var to = (MachineState)NextNumber(ref reader);
            var ticks = NextNumber(ref reader);
            if (!reader.Read() || reader.TokenType is not (JsonTokenType.String or JsonTokenType.Null))
            {
                throw new JsonException("A stored status change is [from, to, ticks, reason(, offset minutes)].");
            }
            var reason = SharedText.InternOrNull(reader.GetString());
            var offset = TimeSpan.Zero;
            if (reader.Read() && reader.TokenType == JsonTokenType.Number)
            {
                offset = TimeSpan.FromMinutes(reader.GetInt32());
                reader.Read();
            }
            if (reader.TokenType != JsonTokenType.EndArray)
            {
                throw new JsonException("A stored status change is [from, to, ticks, reason(, offset minutes)].");
            }
            return new StateChange(from, to, new DateTimeOffset(ticks + offset.Ticks, offset), reason);
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"A stored status change is an array or an object, not {reader.TokenType}.");
        }

        MachineState fromState = default, toState = default;
        DateTimeOffset at = default;
        string? why = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "From" or "from":
                    fromState = JsonSerializer.Deserialize<MachineState>(ref reader, options);
                    break;
                case "To" or "to":
                    toState = JsonSerializer.Deserialize<MachineState>(ref reader, options);
                    break;
                case "At" or "at":
                    at = reader.GetDateTimeOffset();
                    break;
                case "Reason" or "reason":
                    why = SharedText.InternOrNull(reader.GetString());
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }
        return new StateChange(fromState, toState, at, why);
    }

    public override void Write(Utf8JsonWriter writer, StateChange value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        writer.WriteNumberValue((int)value.From);
        writer.WriteNumberValue((int)value.To);
        writer.WriteNumberValue(value.At.UtcTicks);
        writer.WriteStringValue(value.Reason);
        if (value.At.Offset != TimeSpan.Zero)
        {
            writer.WriteNumberValue((int)value.At.Offset.TotalMinutes);
        }
        writer.WriteEndArray();
    }

    private static long NextNumber(ref Utf8JsonReader reader)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.Number)
        {
            throw new JsonException("A stored status change is [from, to, ticks, reason(, offset minutes)].");
        }
        return reader.GetInt64();
    }
}
