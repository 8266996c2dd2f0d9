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

    private sealed record Envelope(string Type, DateTimeOffset Timestamp, Data Data);

    private sealed record Data(
        string EventId, string Type, string Plant, string TwinKind, string TwinId, long TwinVersion, DateTimeOffset Time,
        string CorrelationId, string? CausationId, int SchemaVersion, EventPayload Payload);
}
