namespace Twin.Contracts;

/// <summary>One step of a work order's routing: where it runs and how long one part should take.</summary>
[GenerateSerializer, Immutable]
public sealed record RoutingOperation(
    [property: Id(0)] int Sequence,
    [property: Id(1)] string WorkCentre,
    [property: Id(2)] string? MachineId,
    [property: Id(3)] TimeSpan StandardCycleTime);
