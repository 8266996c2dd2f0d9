namespace Twin.Contracts;

/// <summary>What the machine twin did with a signal batch.</summary>
[GenerateSerializer, Immutable]
public sealed record SignalBatchResult(
    [property: Id(0)] string EventId,
    [property: Id(1)] int Applied,
    [property: Id(2)] int Ignored,
    [property: Id(3)] bool DuplicateBatch,
    [property: Id(4)] TwinError? Error = null);
