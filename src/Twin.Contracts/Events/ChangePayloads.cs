using System.Text.Json.Serialization;

namespace Twin.Contracts;

/// <summary>A machine changed status (the ERP does not book it; Down and Setup also reach the ERP sync as posting triggers).</summary>
[GenerateSerializer, Immutable]
public sealed record MachineStatusChanged(
    [property: Id(0)] string MachineId,
    [property: Id(1)] MachineStatus From,
    [property: Id(2)] MachineStatus To,
    [property: Id(3)] string? Reason) : EventPayload
{
    /// <summary>A machine that stops producing (Down, Setup) closes the ERP posting windows of the operations it reported on.</summary>
    [JsonIgnore]
    public override bool IsErpPostingTrigger => To is MachineStatus.Down or MachineStatus.Setup;
}

/// <summary>A work order moved along its lifecycle.</summary>
[GenerateSerializer, Immutable]
public sealed record WorkOrderStatusChanged(
    [property: Id(0)] string WorkOrderId,
    [property: Id(1)] WorkOrderStatus From,
    [property: Id(2)] WorkOrderStatus To,
    [property: Id(3)] string? Reason) : EventPayload
{
    /// <summary>Completion closes the order's ERP posting windows; their documents are the final confirmation.</summary>
    [JsonIgnore]
    public override bool IsErpPostingTrigger => To == WorkOrderStatus.Completed;
}

/// <summary>Any other change of a twin, described in words (same text as its history entry).</summary>
[GenerateSerializer, Immutable]
public sealed record TwinChanged(
    [property: Id(0)] TwinKind Kind,
    [property: Id(1)] string TwinId,
    [property: Id(2)] string Command,
    [property: Id(3)] string Change) : EventPayload;

/// <summary>
/// A machine has stood in Fault or Down (one after the other counts as one stop) longer than its class allows: the
/// CMMS/EAM's request to send someone. One per stop, closed by <see cref="MaintenanceRequestClosed"/>. Shape documented
/// in docs/events.md.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record MaintenanceRequested(
    [property: Id(0)] string MachineId,
    [property: Id(1)] string? MachineClass,
    [property: Id(2)] string? WorkCentre,
    [property: Id(3)] MachineStatus Status,
    [property: Id(4)] DateTimeOffset StoppedSince,
    [property: Id(5)] TimeSpan Downtime,
    [property: Id(6)] TimeSpan DownAfter,
    [property: Id(7)] string? LastReason) : EventPayload
{
    /// <summary>Version of this payload's shape (docs/events.md).</summary>
    [JsonPropertyOrder(-1)]
    public int Version => 1;
}

/// <summary>The machine of an open maintenance request runs again: the request is closed, with the stop's whole downtime.</summary>
[GenerateSerializer, Immutable]
public sealed record MaintenanceRequestClosed(
    [property: Id(0)] string MachineId,
    [property: Id(1)] string? MachineClass,
    [property: Id(2)] string? WorkCentre,
    [property: Id(3)] DateTimeOffset? StoppedSince,
    [property: Id(4)] DateTimeOffset RunningSince,
    [property: Id(5)] TimeSpan? Downtime) : EventPayload
{
    /// <summary>Version of this payload's shape (docs/events.md).</summary>
    [JsonPropertyOrder(-1)]
    public int Version => 1;
}
