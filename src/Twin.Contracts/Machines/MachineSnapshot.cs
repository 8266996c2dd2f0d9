namespace Twin.Contracts;

/// <summary>Latest value of one signal.</summary>
[GenerateSerializer, Immutable]
public sealed record SignalReading(
    [property: Id(0)] string Name,
    [property: Id(1)] double? Number,
    [property: Id(2)] string? Text,
    [property: Id(3)] SignalQuality Quality,
    [property: Id(4)] DateTimeOffset SourceTimestamp);

/// <summary>One status change of a machine and when it happened (source time).</summary>
[GenerateSerializer, Immutable]
public sealed record StatusTransition(
    [property: Id(0)] MachineStatus From,
    [property: Id(1)] MachineStatus To,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] string? Reason);

/// <summary>The work order operation a machine is working on.</summary>
[GenerateSerializer, Immutable]
public sealed record OperationAssignment(
    [property: Id(0)] string WorkOrderId,
    [property: Id(1)] int OperationSequence,
    [property: Id(2)] TimeSpan? StandardCycleTime,
    [property: Id(3)] DateTimeOffset Since);

/// <summary>Production counted by the machine twin since it was registered (deltas, never negative).</summary>
[GenerateSerializer, Immutable]
public sealed record MachineCounters(
    [property: Id(0)] long Good,
    [property: Id(1)] long Scrap,
    [property: Id(2)] long Cycles);

/// <summary>The live state of a machine twin.</summary>
[GenerateSerializer, Immutable]
public sealed record MachineSnapshot(
    [property: Id(0)] string MachineId,
    [property: Id(1)] string Plant,
    [property: Id(2)] string Name,
    [property: Id(3)] string? WorkCentre,
    [property: Id(4)] MachineStatus Status,
    [property: Id(5)] DateTimeOffset StatusSince,
    [property: Id(6)] IReadOnlyList<StatusTransition> RecentTransitions,
    [property: Id(7)] IReadOnlyList<SignalReading> Signals,
    [property: Id(8)] MachineCounters Counters,
    [property: Id(9)] OperationAssignment? Assignment,
    [property: Id(10)] long Version,
    [property: Id(11)] string? MachineClass = null,
    [property: Id(12)] bool MaintenanceRequested = false);

/// <summary>OEE over a window ending at <see cref="To"/>, from the machine's own status and count history.
/// Availability = running / planned time (time not Unknown); Performance = ideal cycle time × parts / running time
/// (capped at 1); Quality = good / (good + scrap). Null figures mean "no basis yet" rather than 0.</summary>
[GenerateSerializer, Immutable]
public sealed record OeeFigures(
    [property: Id(0)] DateTimeOffset From,
    [property: Id(1)] DateTimeOffset To,
    [property: Id(2)] TimeSpan PlannedTime,
    [property: Id(3)] TimeSpan RunningTime,
    [property: Id(4)] long Good,
    [property: Id(5)] long Scrap,
    [property: Id(6)] double? Availability,
    [property: Id(7)] double? Performance,
    [property: Id(8)] double? Quality,
    [property: Id(9)] double? Oee);
