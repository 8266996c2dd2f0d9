namespace Twin.Contracts;

/// <summary>
/// The envelope of every event a twin publishes, on <see cref="StreamNamespaces.TwinChanges"/> (all events) and
/// <see cref="StreamNamespaces.ErpOutbox"/> (business transactions only), both keyed by plant id.
/// EventId is derived from the command's request id, so a re-published event has the same id: consumers
/// deduplicate by it. OccurredAt is the source time where one exists (OPC UA), otherwise the twin's clock.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record TwinEvent(
    [property: Id(0)] string EventId,
    [property: Id(1)] string CorrelationId,
    [property: Id(2)] string? CausationId,
    [property: Id(3)] int SchemaVersion,
    [property: Id(4)] DateTimeOffset OccurredAt,
    [property: Id(5)] string Plant,
    [property: Id(6)] TwinKind SourceKind,
    [property: Id(7)] string SourceId,
    [property: Id(8)] long SourceVersion,
    [property: Id(9)] EventPayload Payload)
{
    /// <summary>Schema version of the envelope and payloads written by this build.</summary>
    public const int CurrentSchemaVersion = 1;
}
