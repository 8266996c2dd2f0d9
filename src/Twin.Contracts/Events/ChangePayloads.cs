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
