namespace Twin.Domain.Machines;

/// <summary>Machine status as the rules see it (same names and values as the contract enum).</summary>
public enum MachineState
{
    Unknown = 0,
    Idle = 1,
    Running = 2,
    Setup = 3,
    Down = 4,
    Fault = 5,
}

/// <summary>One status transition at a (source) time. A struct held inline in the twin's transition list: an object
/// per transition cost ~48 bytes more a twin (issue 9: ≤ 4 KB a twin). Stored compactly
/// (<see cref="StateChangeJsonConverter"/>): a twin keeps every change of its retention.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(StateChangeJsonConverter))]
public readonly record struct StateChange(MachineState From, MachineState To, DateTimeOffset At, string? Reason);

/// <summary>Latest value of a signal. A struct held inline in the twin's signal table: replacing a value on every
/// sample allocates nothing (a plant replaces ~100,000 values a second).</summary>
public readonly record struct SignalValue(string Name, double? Number, string? Text, int Quality, DateTimeOffset SourceTimestamp);

/// <summary>The work order operation a machine reports to.</summary>
public sealed record MachineAssignment(string WorkOrderId, int OperationSequence, TimeSpan? StandardCycleTime, DateTimeOffset Since);

/// <summary>Last raw PLC value of an absolute counter and when it was sampled at the source. A struct held inline
/// in the twin's counter table (one per counter sample otherwise).</summary>
public readonly record struct CounterReading(double Raw, DateTimeOffset SourceTimestamp);

/// <summary>
/// Production counted while an operation was assigned, owed to the work order until it confirms.
/// RequestId is derived from the signal batch, so re-sending never reports twice.
/// </summary>
public sealed record PendingProductionReport(
    string RequestId, string CorrelationId, string CausationId, string WorkOrderId, int OperationSequence, long Good, long Scrap, DateTimeOffset At);
