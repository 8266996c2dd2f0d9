using Twin.Contracts;

namespace Twin.Api.Requests;

/// <summary>Creates a work order with its routing. Cycle times as "hh:mm:ss(.fff)".</summary>
public sealed record CreateWorkOrderRequest(
    string WorkOrderId,
    string Item,
    decimal PlannedQuantity,
    string Unit,
    IReadOnlyList<RoutingOperationRequest> Routing,
    decimal OverDeliveryTolerancePercent = 0m,
    string? RequestId = null) : ICommandBody;

/// <summary>One routing step: sequence, work centre, optional machine, standard cycle time per part.</summary>
public sealed record RoutingOperationRequest(int Sequence, string WorkCentre, TimeSpan StandardCycleTime, string? MachineId = null);

/// <summary>A lifecycle step (release, start, complete, close, cancel) with an optional reason.</summary>
public sealed record WorkOrderStepRequest(string? Reason = null, string? RequestId = null) : ICommandBody;

/// <summary>Good and scrap for one operation.</summary>
public sealed record ReportProductionRequest(
    int OperationSequence,
    decimal Good,
    decimal Scrap = 0m,
    string? MachineId = null,
    string? ScrapReason = null,
    string? RequestId = null) : ICommandBody;

/// <summary>A component lot issued from a location to the order.</summary>
public sealed record ConsumeMaterialRequest(
    string Item,
    string LotId,
    decimal Quantity,
    string SourceLocationId,
    int? OperationSequence = null,
    string? RequestId = null) : ICommandBody;

/// <summary>Finished output received into a new lot at a location, optionally on a handling unit (pallet id, at most 64 characters of an id).</summary>
public sealed record ReceiveOutputRequest(string LotId, decimal Quantity, string LocationId, string? RequestId = null, string? HandlingUnitId = null) : ICommandBody;

/// <summary>The lifecycle steps the API offers as verbs, and the status each one moves the order to.</summary>
internal static class WorkOrderSteps
{
    public static readonly IReadOnlyDictionary<string, WorkOrderStatus> ByVerb = new Dictionary<string, WorkOrderStatus>
    {
        ["release"] = WorkOrderStatus.Released,
        ["start"] = WorkOrderStatus.InProgress,
        ["complete"] = WorkOrderStatus.Completed,
        ["close"] = WorkOrderStatus.Closed,
        ["cancel"] = WorkOrderStatus.Cancelled,
    };
}
