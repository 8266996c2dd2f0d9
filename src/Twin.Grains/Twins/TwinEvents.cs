using Twin.Domain;

namespace Twin.Grains.Twins;

/// <summary>
/// Builds event envelopes. The event id is derived from the twin and the request id (plus a step name when
/// one command emits several events), so a command replayed after a crash emits the same ids again.
/// </summary>
internal static class TwinEvents
{
    public static TwinEvent Create(TwinKind kind, string twinId, string plant, long version, CommandMeta meta, string step,
        DateTimeOffset occurredAt, EventPayload payload) =>
        new($"{kind}:{twinId}:{meta.RequestId}:{step}", meta.CorrelationId, meta.CausationId ?? meta.RequestId,
            TwinEvent.CurrentSchemaVersion, occurredAt, plant, kind, twinId, version, payload);

    public static TwinEvent Changed(TwinKind kind, string twinId, string plant, long version, CommandMeta meta,
        DateTimeOffset occurredAt, string command, string change) =>
        Create(kind, twinId, plant, version, meta, "changed", occurredAt, new TwinChanged(kind, twinId, command, change));
}
