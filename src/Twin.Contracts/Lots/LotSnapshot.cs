namespace Twin.Contracts;

/// <summary>Who held a lot, why and when.</summary>
[GenerateSerializer, Immutable]
public sealed record LotHold(
    [property: Id(0)] StockStatus Status,
    [property: Id(1)] string Reason,
    [property: Id(2)] string User,
    [property: Id(3)] DateTimeOffset At,
    [property: Id(4)] string? ReasonCode = null);

/// <summary>The live state of a lot twin. Quantity is the lot's size now (in minus consumed, split off, merged away);
/// where it physically sits is in the location twins listed in Locations.</summary>
[GenerateSerializer, Immutable]
public sealed record LotSnapshot(
    [property: Id(0)] string LotId,
    [property: Id(1)] string Plant,
    [property: Id(2)] string Item,
    [property: Id(3)] decimal Quantity,
    [property: Id(4)] string Unit,
    [property: Id(5)] LotOrigin Origin,
    [property: Id(6)] StockStatus Status,
    [property: Id(7)] LotHold? Hold,
    [property: Id(8)] decimal ConsumedQuantity,
    [property: Id(9)] IReadOnlyList<GenealogyEdge> Parents,
    [property: Id(10)] IReadOnlyList<GenealogyEdge> Children,
    [property: Id(11)] IReadOnlyList<string> Locations,
    [property: Id(12)] long Version);
