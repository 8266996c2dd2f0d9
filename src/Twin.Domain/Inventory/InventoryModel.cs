using Twin.Domain.Lots;

namespace Twin.Domain.Inventory;

/// <summary>Quantity of one item and lot in one status at a location.</summary>
public sealed class BalanceLine
{
    public string Item { get; set; } = "";
    public string LotId { get; set; } = "";
    public LotStatus Status { get; set; }
    public decimal Quantity { get; set; }
    public string Unit { get; set; } = "";
}

/// <summary>Newest status of a lot this location has been told about.</summary>
public sealed record KnownLotStatus(LotStatus Status, long Version);

/// <summary>
/// A move's first half: stock already taken off this location's balance and owed to the destination until
/// it confirms. Keyed by the move's request id, which the destination uses to book it exactly once.
/// </summary>
public sealed class OutgoingTransfer
{
    public string TransferId { get; set; } = "";
    public string Destination { get; set; } = "";
    public string Item { get; set; } = "";
    public string LotId { get; set; } = "";
    public decimal Quantity { get; set; }
    public string Unit { get; set; } = "";
    public LotStatus Status { get; set; }
    public string CorrelationId { get; set; } = "";
    public DateTimeOffset StartedAt { get; set; }
    public int Attempts { get; set; }
}

/// <summary>Why stock leaves (contract IssuePurpose): 0 production, 1 shipment, 2 scrap, 3 adjustment.</summary>
public enum IssueReason
{
    Production = 0,
    Shipment = 1,
    Scrap = 2,
    Adjustment = 3,
}
