namespace Twin.Contracts;

/// <summary>A machine as listed in its plant's directory.</summary>
[GenerateSerializer, Immutable]
public sealed record MachineListing(
    [property: Id(0)] string MachineId,
    [property: Id(1)] string Name,
    [property: Id(2)] MachineStatus Status,
    [property: Id(3)] DateTimeOffset StatusSince,
    [property: Id(4)] string? WorkOrderId,
    [property: Id(5)] long Version);

/// <summary>A work order as listed in its plant's directory.</summary>
[GenerateSerializer, Immutable]
public sealed record WorkOrderListing(
    [property: Id(0)] string WorkOrderId,
    [property: Id(1)] string Item,
    [property: Id(2)] WorkOrderStatus Status,
    [property: Id(3)] decimal PlannedQuantity,
    [property: Id(4)] decimal ReceivedQuantity,
    [property: Id(5)] string Unit,
    [property: Id(6)] long Version);

/// <summary>A lot as listed in its plant's directory.</summary>
[GenerateSerializer, Immutable]
public sealed record LotListing(
    [property: Id(0)] string LotId,
    [property: Id(1)] string Item,
    [property: Id(2)] decimal Quantity,
    [property: Id(3)] string Unit,
    [property: Id(4)] StockStatus Status,
    [property: Id(5)] string? HoldReason,
    [property: Id(6)] long Version);

/// <summary>A warehouse location as listed in its plant's directory.</summary>
[GenerateSerializer, Immutable]
public sealed record LocationListing(
    [property: Id(0)] string LocationId,
    [property: Id(1)] string Name,
    [property: Id(2)] int BalanceLines,
    [property: Id(3)] long Version);
