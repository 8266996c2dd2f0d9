namespace Twin.Contracts;

/// <summary>Creates the machine twin in a plant. IdealCycleTime feeds OEE performance when no operation is assigned;
/// CounterMaximum is the PLC counter's largest value (rollover point), if known. MachineClass (an id: press, cnc-mill…)
/// picks the machine's maintenance times (Twin:Maintenance, docs/events.md).</summary>
[GenerateSerializer, Immutable]
public sealed record RegisterMachine(
    [property: Id(0)] CommandContext Context,
    [property: Id(1)] string Plant,
    [property: Id(2)] string Name,
    [property: Id(3)] string? WorkCentre = null,
    [property: Id(4)] TimeSpan? IdealCycleTime = null,
    [property: Id(5)] long? CounterMaximum = null,
    [property: Id(6)] string? MachineClass = null) : ITwinCommand;

/// <summary>Sets the machine status by hand (an MES screen); signals may also change it.</summary>
[GenerateSerializer, Immutable]
public sealed record ChangeMachineStatus(
    [property: Id(0)] CommandContext Context,
    [property: Id(1)] MachineStatus Status,
    [property: Id(2)] string? Reason = null) : ITwinCommand;

/// <summary>Assigns a work order operation: from now on counter increments are reported to that work order.</summary>
[GenerateSerializer, Immutable]
public sealed record AssignOperation(
    [property: Id(0)] CommandContext Context,
    [property: Id(1)] string WorkOrderId,
    [property: Id(2)] int OperationSequence,
    [property: Id(3)] TimeSpan? StandardCycleTime = null) : ITwinCommand;

/// <summary>Ends the current assignment; further counts stay on the machine only.</summary>
[GenerateSerializer, Immutable]
public sealed record ClearOperation(
    [property: Id(0)] CommandContext Context);
