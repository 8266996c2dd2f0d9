using Twin.Contracts;

namespace Twin.Api.Requests;

/// <summary>Registers a machine in the plant. IdealCycleTime as "hh:mm:ss(.fff)"; CounterMaximum = PLC counter rollover point;
/// MachineClass (an id) picks its maintenance times.</summary>
public sealed record RegisterMachineRequest(
    string MachineId,
    string Name,
    string? WorkCentre = null,
    TimeSpan? IdealCycleTime = null,
    long? CounterMaximum = null,
    string? RequestId = null,
    string? MachineClass = null) : ICommandBody;

/// <summary>Sets the machine status by hand (Unknown, Idle, Running, Setup, Down, Fault).</summary>
public sealed record ChangeMachineStatusRequest(MachineStatus Status, string? Reason = null, string? RequestId = null) : ICommandBody;

/// <summary>Assigns a work order operation to the machine; its counts then become production reports.</summary>
public sealed record AssignOperationRequest(
    string WorkOrderId,
    int OperationSequence,
    TimeSpan? StandardCycleTime = null,
    string? RequestId = null) : ICommandBody;

/// <summary>Signals sent by a gateway that does not speak OPC UA; the request id deduplicates the batch.</summary>
public sealed record MachineSignalsRequest(IReadOnlyList<MachineSignalValue> Signals, string? RequestId = null) : ICommandBody;

/// <summary>One signal value: a number or a text, its quality and its source time (defaults to now).</summary>
public sealed record MachineSignalValue(
    string Name,
    double? Number = null,
    string? Text = null,
    SignalQuality Quality = SignalQuality.Good,
    DateTimeOffset? SourceTimestamp = null);

/// <summary>An optional body for commands that need nothing but a request id (for clients that cannot set headers).</summary>
public sealed record EmptyCommandRequest(string? RequestId = null) : ICommandBody;
