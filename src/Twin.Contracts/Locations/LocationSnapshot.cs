namespace Twin.Contracts;

/// <summary>Quantity of one item and lot in one stock status at a location.</summary>
[GenerateSerializer, Immutable]
public sealed record StockBalance(
    [property: Id(0)] string Item,
    [property: Id(1)] string LotId,
    [property: Id(2)] StockStatus Status,
    [property: Id(3)] decimal Quantity,
    [property: Id(4)] string Unit);

/// <summary>Stock that left this location by a move and is not yet confirmed by the destination.</summary>
[GenerateSerializer, Immutable]
public sealed record StockInTransit(
    [property: Id(0)] string TransferId,
    [property: Id(1)] string DestinationLocationId,
    [property: Id(2)] string Item,
    [property: Id(3)] string LotId,
    [property: Id(4)] decimal Quantity,
    [property: Id(5)] StockStatus Status,
    [property: Id(6)] int Attempts);

/// <summary>The live state of a warehouse location twin.</summary>
[GenerateSerializer, Immutable]
public sealed record LocationSnapshot(
    [property: Id(0)] string LocationId,
    [property: Id(1)] string Plant,
    [property: Id(2)] string Name,
    [property: Id(3)] IReadOnlyList<StockBalance> Balances,
    [property: Id(4)] IReadOnlyList<StockInTransit> InTransit,
    [property: Id(5)] long Version);
