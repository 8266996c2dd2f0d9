namespace Twin.Contracts;

/// <summary>Puts a lot on quality hold (or blocks it); the user is required. ReasonCode is the QMS's own code for it
/// (a notification or defect code), optional, at most 64 characters.</summary>
[GenerateSerializer, Immutable]
public sealed record PlaceLotOnHold(
    [property: Id(0)] CommandContext Context,
    [property: Id(1)] string Reason,
    [property: Id(2)] StockStatus HoldStatus = StockStatus.QualityHold,
    [property: Id(3)] string? ReasonCode = null) : ITwinCommand;

/// <summary>Releases a held or blocked lot back to unrestricted stock; the user is required; ReasonCode as on the hold.</summary>
[GenerateSerializer, Immutable]
public sealed record ReleaseLot(
    [property: Id(0)] CommandContext Context,
    [property: Id(1)] string Reason,
    [property: Id(2)] string? ReasonCode = null) : ITwinCommand;

/// <summary>Twin-to-twin: quantity entered the lot (receipt, work order output, split, merge). Creates the lot if new.</summary>
[GenerateSerializer, Immutable]
public sealed record LotInflow(
    [property: Id(0)] CommandContext Context,
    [property: Id(1)] string Plant,
    [property: Id(2)] string Item,
    [property: Id(3)] decimal Quantity,
    [property: Id(4)] string Unit,
    [property: Id(5)] string LocationId,
    [property: Id(6)] LotOrigin Origin,
    [property: Id(7)] IReadOnlyList<GenealogyEdge> ParentEdges,
    [property: Id(8)] StockStatus InitialStatus = StockStatus.Unrestricted) : ITwinCommand;

/// <summary>What took quantity out of a lot.</summary>
public enum LotOutflowKind
{
    Consumption = 0,
    Split = 1,
    Merge = 2,
}

/// <summary>Twin-to-twin: quantity left the lot (consumed by a work order, split off, merged into another lot).</summary>
[GenerateSerializer, Immutable]
public sealed record LotOutflow(
    [property: Id(0)] CommandContext Context,
    [property: Id(1)] LotOutflowKind Kind,
    [property: Id(2)] decimal Quantity,
    [property: Id(3)] GenealogyEdge? ChildEdge,
    [property: Id(4)] string? WorkOrderId) : ITwinCommand;

/// <summary>Twin-to-twin: records forward genealogy edges (this lot went into those) without changing quantity.</summary>
[GenerateSerializer, Immutable]
public sealed record LotChildLinks(
    [property: Id(0)] CommandContext Context,
    [property: Id(1)] IReadOnlyList<GenealogyEdge> Edges) : ITwinCommand;

/// <summary>A lot's status and the counter of its status changes (newer wins at locations).</summary>
[GenerateSerializer, Immutable]
public sealed record LotStatusInfo(
    [property: Id(0)] string LotId,
    [property: Id(1)] string Item,
    [property: Id(2)] StockStatus Status,
    [property: Id(3)] long StatusVersion);

/// <summary>A lot's direct genealogy links (one level), for traces.</summary>
[GenerateSerializer, Immutable]
public sealed record LotLinks(
    [property: Id(0)] string LotId,
    [property: Id(1)] string Item,
    [property: Id(2)] StockStatus Status,
    [property: Id(3)] IReadOnlyList<GenealogyEdge> Parents,
    [property: Id(4)] IReadOnlyList<GenealogyEdge> Children);
