namespace Twin.Contracts;

/// <summary>One sampled value of a machine signal, numeric or text, with its quality and source time. A struct: a
/// batch of values is one array on the live path (~100,000 values a second), not one object per value.</summary>
[GenerateSerializer, Immutable]
public readonly record struct MachineSignal(
    [property: Id(0)] string Name,
    [property: Id(1)] double? Number,
    [property: Id(2)] string? Text,
    [property: Id(3)] SignalQuality Quality,
    [property: Id(4)] DateTimeOffset SourceTimestamp);
