namespace Twin.Contracts;

/// <summary>
/// The signals of one machine from one OPC UA Publish response: the item on stream
/// <see cref="StreamNamespaces.MachineSignals"/> keyed by machine id. EventId deduplicates redeliveries.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record MachineSignalBatch(
    [property: Id(0)] string EventId,
    [property: Id(1)] string CorrelationId,
    [property: Id(2)] string Plant,
    [property: Id(3)] string MachineId,
    [property: Id(4)] IReadOnlyList<MachineSignal> Signals);
