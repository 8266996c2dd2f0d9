namespace Twin.Contracts;

/// <summary>A machine changed status (twin-changes only: the ERP does not book it).</summary>
[GenerateSerializer, Immutable]
public sealed record MachineStatusChanged(
    [property: Id(0)] string MachineId,
    [property: Id(1)] MachineStatus From,
    [property: Id(2)] MachineStatus To,
    [property: Id(3)] string? Reason) : EventPayload;

/// <summary>A work order moved along its lifecycle.</summary>
[GenerateSerializer, Immutable]
public sealed record WorkOrderStatusChanged(
    [property: Id(0)] string WorkOrderId,
    [property: Id(1)] WorkOrderStatus From,
    [property: Id(2)] WorkOrderStatus To,
    [property: Id(3)] string? Reason) : EventPayload;

/// <summary>Any other change of a twin, described in words (same text as its history entry).</summary>
[GenerateSerializer, Immutable]
public sealed record TwinChanged(
    [property: Id(0)] TwinKind Kind,
    [property: Id(1)] string TwinId,
    [property: Id(2)] string Command,
    [property: Id(3)] string Change) : EventPayload;
