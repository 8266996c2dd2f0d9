namespace Twin.Contracts;

/// <summary>
/// The signals of one machine from one OPC UA Publish response, handed to the machine twin by a direct grain call
/// (<see cref="IMachineGrain"/>; docs/live-path.md). EventId deduplicates a batch sent again after a refused call.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record MachineSignalBatch(
    [property: Id(0)] string EventId,
    [property: Id(1)] string CorrelationId,
    [property: Id(2)] string Plant,
    [property: Id(3)] string MachineId,
    [property: Id(4)] IReadOnlyList<MachineSignal> Signals);
