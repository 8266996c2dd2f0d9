namespace Twin.Contracts;

/// <summary>Good and scrap reported so far on one operation.</summary>
[GenerateSerializer, Immutable]
public sealed record OperationProgress(
    [property: Id(0)] int Sequence,
    [property: Id(1)] string WorkCentre,
    [property: Id(2)] string? MachineId,
    [property: Id(3)] TimeSpan StandardCycleTime,
    [property: Id(4)] decimal Good,
    [property: Id(5)] decimal Scrap);

/// <summary>A component lot issued to the order.</summary>
[GenerateSerializer, Immutable]
public sealed record MaterialConsumption(
    [property: Id(0)] string Item,
    [property: Id(1)] string LotId,
    [property: Id(2)] decimal Quantity,
    [property: Id(3)] string SourceLocationId,
    [property: Id(4)] int? OperationSequence,
    [property: Id(5)] DateTimeOffset At);

/// <summary>An output lot received from the order.</summary>
[GenerateSerializer, Immutable]
public sealed record OutputReceipt(
    [property: Id(0)] string LotId,
    [property: Id(1)] decimal Quantity,
    [property: Id(2)] string LocationId,
    [property: Id(3)] DateTimeOffset At);

/// <summary>A component the order needs (from the ERP's bill of material): item, quantity, staging location, operation.</summary>
[GenerateSerializer, Immutable]
public sealed record ComponentRequirement(
    [property: Id(0)] string Item,
    [property: Id(1)] decimal Quantity,
    [property: Id(2)] string Unit,
    [property: Id(3)] string? LocationId,
    [property: Id(4)] int? OperationSequence);

/// <summary>The live state of a work order twin; <see cref="ErpOrder"/> and <see cref="ErpChangedAt"/> are set when it came from the ERP.</summary>
[GenerateSerializer, Immutable]
public sealed record WorkOrderSnapshot(
    [property: Id(0)] string WorkOrderId,
    [property: Id(1)] string Plant,
    [property: Id(2)] string Item,
    [property: Id(3)] decimal PlannedQuantity,
    [property: Id(4)] string Unit,
    [property: Id(5)] WorkOrderStatus Status,
    [property: Id(6)] DateTimeOffset StatusSince,
    [property: Id(7)] decimal OverDeliveryTolerancePercent,
    [property: Id(8)] IReadOnlyList<OperationProgress> Operations,
    [property: Id(9)] IReadOnlyList<MaterialConsumption> Consumptions,
    [property: Id(10)] IReadOnlyList<OutputReceipt> Receipts,
    [property: Id(11)] decimal ReceivedQuantity,
    [property: Id(12)] long Version,
    [property: Id(13)] IReadOnlyList<ComponentRequirement>? Components = null,
    [property: Id(14)] string? ErpOrder = null,
    [property: Id(15)] DateTimeOffset? ErpChangedAt = null);
