using System.Text.Json;
using System.Text.Json.Serialization;
using Twin.Contracts;

namespace Twin.Grains.Webhooks;

/// <summary>
/// The JSON a receiver gets, in the Standard Webhooks shape <c>{"type", "timestamp", "data"}</c>; <c>data</c> is
/// the event as the change feed shows it (docs/change-feed.md), without the feed position. Encoded once, when
/// queued: every attempt sends (and signs) the same bytes.
/// </summary>
internal static class WebhookBody
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static string Of(TwinEvent change) => JsonSerializer.Serialize(
        new Envelope(EventNames.TypeOf(change.Payload), change.OccurredAt, new Data(
            change.EventId, EventNames.TypeOf(change.Payload), change.Plant, EventNames.KindName(change.SourceKind), change.SourceId,
            change.SourceVersion, change.OccurredAt, change.CorrelationId, change.CausationId, change.SchemaVersion, change.Payload)),
        Json);

    /// <summary>
    /// The event's source time (the envelope's <c>timestamp</c>) read back from a queued body, for the warehouse-movement
    /// objective; null when the body has none. Reads only up to that field of the top-level object.
    /// </summary>
    public static DateTimeOffset? OccurredAt(string body)
    {
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(body));
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isTimestamp = reader.ValueTextEquals("timestamp");
            if (!reader.Read())
            {
                return null;
            }

            if (isTimestamp)
            {
                return reader.TokenType == JsonTokenType.String && reader.TryGetDateTimeOffset(out var at) ? at : null;
            }

            reader.Skip();
        }

        return null;
    }

    private sealed record Envelope(string Type, DateTimeOffset Timestamp, Data Data);

    private sealed record Data(
        string EventId, string Type, string Plant, string TwinKind, string TwinId, long TwinVersion, DateTimeOffset Time,
        string CorrelationId, string? CausationId, int SchemaVersion, EventPayload Payload);
}
