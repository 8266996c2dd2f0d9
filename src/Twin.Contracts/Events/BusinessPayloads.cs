using System.Text.Json.Serialization;

namespace Twin.Contracts;

/// <summary>Good quantity confirmed on a work order operation.</summary>
[GenerateSerializer, Immutable]
public sealed record ProductionReported(
    [property: Id(0)] string WorkOrderId,
    [property: Id(1)] int OperationSequence,
    [property: Id(2)] string Item,
    [property: Id(3)] decimal Good,
    [property: Id(4)] string Unit,
    [property: Id(5)] string? MachineId) : EventPayload
{
    public override bool IsErpTransaction => true;
}

/// <summary>Scrap declared on a work order operation.</summary>
[GenerateSerializer, Immutable]
public sealed record ScrapReported(
    [property: Id(0)] string WorkOrderId,
    [property: Id(1)] int OperationSequence,
    [property: Id(2)] string Item,
    [property: Id(3)] decimal Scrap,
    [property: Id(4)] string Unit,
    [property: Id(5)] string? Reason,
    [property: Id(6)] string? MachineId) : EventPayload
{
    public override bool IsErpTransaction => true;
}

/// <summary>A component lot issued to a work order.</summary>
[GenerateSerializer, Immutable]
public sealed record MaterialConsumed(
    [property: Id(0)] string WorkOrderId,
    [property: Id(1)] string Item,
    [property: Id(2)] string LotId,
    [property: Id(3)] decimal Quantity,
    [property: Id(4)] string Unit,
    [property: Id(5)] string SourceLocationId) : EventPayload
{
    public override bool IsErpTransaction => true;
}

/// <summary>Stock received into a location (purchase receipt or work order output when WorkOrderId is set).</summary>
[GenerateSerializer, Immutable]
public sealed record GoodsReceived(
    [property: Id(0)] string LocationId,
    [property: Id(1)] string Item,
    [property: Id(2)] string LotId,
    [property: Id(3)] decimal Quantity,
    [property: Id(4)] string Unit,
    [property: Id(5)] string? WorkOrderId) : EventPayload
{
    public override bool IsErpTransaction => true;
}

/// <summary>Stock issued from a location (production, shipment, scrap, adjustment).</summary>
[GenerateSerializer, Immutable]
public sealed record StockIssued(
    [property: Id(0)] string LocationId,
    [property: Id(1)] string Item,
    [property: Id(2)] string LotId,
    [property: Id(3)] decimal Quantity,
    [property: Id(4)] string Unit,
    [property: Id(5)] IssuePurpose Purpose,
    [property: Id(6)] string? WorkOrderId) : EventPayload
{
    /// <summary>An issue to production is booked by the work order's <see cref="MaterialConsumed"/>; sending both would book it twice.</summary>
    public override bool IsErpTransaction => Purpose != IssuePurpose.Production;
}

/// <summary>Stock moved between two locations (published once the destination confirmed it).</summary>
[GenerateSerializer, Immutable]
public sealed record StockMoved(
    [property: Id(0)] string FromLocationId,
    [property: Id(1)] string ToLocationId,
    [property: Id(2)] string Item,
    [property: Id(3)] string LotId,
    [property: Id(4)] decimal Quantity,
    [property: Id(5)] string Unit) : EventPayload
{
    public override bool IsErpTransaction => true;
}

/// <summary>A lot put on quality hold or blocked.</summary>
[GenerateSerializer, Immutable]
public sealed record QualityHoldPlaced(
    [property: Id(0)] string LotId,
    [property: Id(1)] string Item,
    [property: Id(2)] StockStatus Status,
    [property: Id(3)] string Reason,
    [property: Id(4)] string User) : EventPayload
{
    public override bool IsErpTransaction => true;
}

/// <summary>A held lot released to unrestricted.</summary>
[GenerateSerializer, Immutable]
public sealed record QualityHoldReleased(
    [property: Id(0)] string LotId,
    [property: Id(1)] string Item,
    [property: Id(2)] string Reason,
    [property: Id(3)] string User) : EventPayload
{
    public override bool IsErpTransaction => true;
}

/// <summary>Part of a lot split into a child lot at a location (genealogy for the ERP).</summary>
[GenerateSerializer, Immutable]
public sealed record LotSplit(
    [property: Id(0)] string LocationId,
    [property: Id(1)] string Item,
    [property: Id(2)] string ParentLotId,
    [property: Id(3)] string ChildLotId,
    [property: Id(4)] decimal Quantity,
    [property: Id(5)] string Unit) : EventPayload
{
    public override bool IsErpTransaction => true;
}

/// <summary>A lot's stock at a location merged into another lot.</summary>
[GenerateSerializer, Immutable]
public sealed record LotsMerged(
    [property: Id(0)] string LocationId,
    [property: Id(1)] string Item,
    [property: Id(2)] string SourceLotId,
    [property: Id(3)] string TargetLotId,
    [property: Id(4)] decimal Quantity,
    [property: Id(5)] string Unit) : EventPayload
{
    public override bool IsErpTransaction => true;
}

/// <summary>
/// Finished goods received at a location (a staging lane) and waiting to be put away: the WMS's instruction to fetch
/// them, with the handling unit (pallet, box) they stand on when the receipt named one. Not booked by the ERP (the
/// receipt's <see cref="GoodsReceived"/> is). Shape documented in docs/events.md.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record GoodsStagedForPutAway(
    [property: Id(0)] string LocationId,
    [property: Id(1)] string Item,
    [property: Id(2)] string LotId,
    [property: Id(3)] decimal Quantity,
    [property: Id(4)] string Unit,
    [property: Id(5)] string? WorkOrderId,
    [property: Id(6)] string? HandlingUnitId) : EventPayload
{
    /// <summary>Version of this payload's shape (docs/events.md); a field added later raises it.</summary>
    [JsonPropertyOrder(-1)]
    public int Version => 1;
}

/// <summary>How much of a lot one location held when the hold or release reached it (null: the location could not be asked).</summary>
[GenerateSerializer, Immutable]
public sealed record LotQuantityAtLocation(
    [property: Id(0)] string LocationId,
    [property: Id(1)] decimal? Quantity);

/// <summary>
/// A lot was put on hold: the QMS's and WMS's instruction to keep its stock apart, with the locations that hold it and
/// how much each holds. Published by the lot once those locations answered, after its <see cref="QualityHoldPlaced"/>
/// (which the ERP books). Shape documented in docs/events.md.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record QualityHoldInstruction(
    [property: Id(0)] string LotId,
    [property: Id(1)] string Item,
    [property: Id(2)] StockStatus Status,
    [property: Id(3)] string Reason,
    [property: Id(4)] string? ReasonCode,
    [property: Id(5)] string User,
    [property: Id(6)] decimal LotQuantity,
    [property: Id(7)] string Unit,
    [property: Id(8)] IReadOnlyList<LotQuantityAtLocation> Locations,
    [property: Id(9)] DateTimeOffset HeldAt) : EventPayload
{
    /// <summary>Version of this payload's shape (docs/events.md).</summary>
    [JsonPropertyOrder(-1)]
    public int Version => 1;
}

/// <summary>A held lot was released: the instruction to free its stock, where it stands (see <see cref="QualityHoldInstruction"/>).</summary>
[GenerateSerializer, Immutable]
public sealed record QualityReleaseInstruction(
    [property: Id(0)] string LotId,
    [property: Id(1)] string Item,
    [property: Id(2)] string Reason,
    [property: Id(3)] string? ReasonCode,
    [property: Id(4)] string User,
    [property: Id(5)] decimal LotQuantity,
    [property: Id(6)] string Unit,
    [property: Id(7)] IReadOnlyList<LotQuantityAtLocation> Locations,
    [property: Id(8)] DateTimeOffset ReleasedAt) : EventPayload
{
    /// <summary>Version of this payload's shape (docs/events.md).</summary>
    [JsonPropertyOrder(-1)]
    public int Version => 1;
}
