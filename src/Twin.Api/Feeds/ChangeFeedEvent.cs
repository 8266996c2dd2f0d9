using Twin.Contracts;

namespace Twin.Api.Feeds;

/// <summary>
/// One event of the change feed as a client reads it: the JSON of one <c>data:</c> line (docs/change-feed.md).
/// <c>Id</c> is the feed position to resume from; <c>EventId</c> is the twin event's own id, the same on every
/// silo and every redelivery, for deduplication.
/// </summary>
public sealed record ChangeFeedEvent(
    string Id,
    string Type,
    string Plant,
    string TwinKind,
    string TwinId,
    long TwinVersion,
    DateTimeOffset Time,
    string CorrelationId,
    string? CausationId,
    string EventId,
    int SchemaVersion,
    EventPayload Payload)
{
    /// <summary>Every event type the feed carries, as named in <c>type</c> and in the <c>type=</c> filter.</summary>
    public static IReadOnlyCollection<string> EventTypes => EventNames.EventTypes;

    /// <summary>The event's type name, e.g. <c>goods-received</c> (the payload's JSON type discriminator).</summary>
    public static string TypeOf(EventPayload payload) => EventNames.TypeOf(payload);

    /// <summary>The twin kind as the feed names it and the <c>kind=</c> filter takes it: machine, work-order, lot, location.</summary>
    public static string KindName(TwinKind kind) => EventNames.KindName(kind);

    /// <summary>The feed's view of <paramref name="change"/> at <paramref name="position"/>.</summary>
    internal static ChangeFeedEvent Of(TwinEvent change, FeedPosition position) => new(
        position.ToString(), TypeOf(change.Payload), change.Plant, KindName(change.SourceKind), change.SourceId, change.SourceVersion,
        change.OccurredAt, change.CorrelationId, change.CausationId, change.EventId, change.SchemaVersion, change.Payload);
}
