namespace Twin.Contracts;

/// <summary>Creates a work order. OverDeliveryTolerancePercent allows reporting/receiving up to planned × (1 + tol/100).</summary>
[GenerateSerializer, Immutable]
public sealed record CreateWorkOrder(
    [property: Id(0)] CommandContext Context,
    [property: Id(1)] string Plant,
    [property: Id(2)] string Item,
    [property: Id(3)] decimal PlannedQuantity,
    [property: Id(4)] string Unit,
    [property: Id(5)] IReadOnlyList<RoutingOperation> Routing,
    [property: Id(6)] decimal OverDeliveryTolerancePercent = 0m) : ITwinCommand;

/// <summary>Moves a work order along its lifecycle (release, start, complete, close, cancel).</summary>
[GenerateSerializer, Immutable]
public sealed record ChangeWorkOrderStatus(
    [property: Id(0)] CommandContext Context,
    [property: Id(1)] WorkOrderStatus Status,
    [property: Id(2)] string? Reason = null) : ITwinCommand;

/// <summary>Good and scrap quantities for one operation; the first report starts a released order.</summary>
[GenerateSerializer, Immutable]
public sealed record ReportProduction(
    [property: Id(0)] CommandContext Context,
    [property: Id(1)] int OperationSequence,
    [property: Id(2)] decimal Good,
    [property: Id(3)] decimal Scrap,
    [property: Id(4)] string? MachineId = null,
    [property: Id(5)] string? ScrapReason = null) : ITwinCommand;

/// <summary>Issues a component lot from a location to this order (held stock is refused).</summary>
[GenerateSerializer, Immutable]
public sealed record ConsumeMaterial(
    [property: Id(0)] CommandContext Context,
    [property: Id(1)] string Item,
    [property: Id(2)] string LotId,
    [property: Id(3)] decimal Quantity,
    [property: Id(4)] string SourceLocationId,
    [property: Id(5)] int? OperationSequence = null) : ITwinCommand;

/// <summary>Receives finished output: creates the output lot (genealogy from the consumed lots) and puts it into a location.
/// HandlingUnitId is the pallet or box the output stands on (an SSCC, a label), optional, a twin-id-like text of at most 64 characters.</summary>
[GenerateSerializer, Immutable]
public sealed record ReceiveOutput(
    [property: Id(0)] CommandContext Context,
    [property: Id(1)] string LotId,
    [property: Id(2)] decimal Quantity,
    [property: Id(3)] string LocationId,
    [property: Id(4)] string? HandlingUnitId = null) : ITwinCommand;
