namespace Twin.Contracts;

/// <summary>One sampled value of a machine signal, numeric or text, with its quality and source time.</summary>
[GenerateSerializer, Immutable]
public sealed record MachineSignal(
    [property: Id(0)] string Name,
    [property: Id(1)] double? Number,
    [property: Id(2)] string? Text,
    [property: Id(3)] SignalQuality Quality,
    [property: Id(4)] DateTimeOffset SourceTimestamp);
