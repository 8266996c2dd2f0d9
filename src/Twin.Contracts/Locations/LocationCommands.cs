namespace Twin.Contracts;

/// <summary>Creates a warehouse location (a bin, rack, staging area or line-side store) in a plant.</summary>
[GenerateSerializer, Immutable]
public sealed record CreateLocation(
    [property: Id(0)] CommandContext Context,
    [property: Id(1)] string Plant,
    [property: Id(2)] string Name) : ITwinCommand;

/// <summary>Receives stock of a lot into the location. Origin null = goods receipt; work order output passes its origin
/// and the consumed-lot edges (and the handling unit, pallet or box it stands on, when the receipt names one: the WMS
/// is told to put that unit away). The lot twin is created or increased.</summary>
[GenerateSerializer, Immutable]
public sealed record ReceiveStock(
    [property: Id(0)] CommandContext Context,
    [property: Id(1)] string Item,
    [property: Id(2)] string LotId,
    [property: Id(3)] decimal Quantity,
    [property: Id(4)] string Unit,
    [property: Id(5)] LotOrigin? Origin = null,
    [property: Id(6)] IReadOnlyList<GenealogyEdge>? ParentEdges = null,
    [property: Id(7)] string? HandlingUnitId = null) : ITwinCommand;

/// <summary>Why stock leaves a location other than by a move.</summary>
public enum IssuePurpose
{
    /// <summary>To a work order; only unrestricted stock may go.</summary>
    Production = 0,
    Shipment = 1,
    Scrap = 2,
    Adjustment = 3,
}

/// <summary>Issues stock of a lot out of the location.</summary>
[GenerateSerializer, Immutable]
public sealed record IssueStock(
    [property: Id(0)] CommandContext Context,
    [property: Id(1)] string Item,
    [property: Id(2)] string LotId,
    [property: Id(3)] decimal Quantity,
    [property: Id(4)] IssuePurpose Purpose,
    [property: Id(5)] string? WorkOrderId = null) : ITwinCommand;

/// <summary>Moves stock of a lot to another location of the same plant. Conserving: the request id is the transfer id.</summary>
[GenerateSerializer, Immutable]
public sealed record MoveStock(
    [property: Id(0)] CommandContext Context,
    [property: Id(1)] string DestinationLocationId,
    [property: Id(2)] string Item,
    [property: Id(3)] string LotId,
    [property: Id(4)] decimal Quantity) : ITwinCommand;

/// <summary>Splits part of a lot's stock here into a new child lot (same status), recording genealogy.</summary>
[GenerateSerializer, Immutable]
public sealed record SplitLot(
    [property: Id(0)] CommandContext Context,
    [property: Id(1)] string Item,
    [property: Id(2)] string ParentLotId,
    [property: Id(3)] string ChildLotId,
    [property: Id(4)] decimal Quantity) : ITwinCommand;

/// <summary>Merges all stock of the source lot here into the target lot (same item and status), recording genealogy.</summary>
[GenerateSerializer, Immutable]
public sealed record MergeLots(
    [property: Id(0)] CommandContext Context,
    [property: Id(1)] string Item,
    [property: Id(2)] string SourceLotId,
    [property: Id(3)] string TargetLotId) : ITwinCommand;

/// <summary>Twin-to-twin: the second half of a move, delivered by the source location until acknowledged.
/// Idempotent by TransferId.</summary>
[GenerateSerializer, Immutable]
public sealed record StockTransfer(
    [property: Id(0)] string TransferId,
    [property: Id(1)] string SourceLocationId,
    [property: Id(2)] string Plant,
    [property: Id(3)] string Item,
    [property: Id(4)] string LotId,
    [property: Id(5)] decimal Quantity,
    [property: Id(6)] string Unit,
    [property: Id(7)] StockStatus Status,
    [property: Id(8)] string CorrelationId,
    [property: Id(9)] DateTimeOffset SentAt);

/// <summary>Twin-to-twin: a lot changed status; locations re-book its stock (newer StatusVersion wins).</summary>
[GenerateSerializer, Immutable]
public sealed record LotStatusUpdate(
    [property: Id(0)] string LotId,
    [property: Id(1)] StockStatus Status,
    [property: Id(2)] long StatusVersion,
    [property: Id(3)] string CorrelationId);
