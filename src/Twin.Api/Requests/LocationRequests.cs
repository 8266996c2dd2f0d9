using Twin.Contracts;

namespace Twin.Api.Requests;

/// <summary>Creates a warehouse location (bin, rack, staging area, line-side store).</summary>
public sealed record CreateLocationRequest(string LocationId, string Name, string? RequestId = null) : ICommandBody;

/// <summary>Goods receipt of a lot into the location; the lot twin is created or increased.</summary>
public sealed record ReceiveStockRequest(string Item, string LotId, decimal Quantity, string Unit, string? RequestId = null) : ICommandBody;

/// <summary>Issues stock of a lot: Production (unrestricted stock only), Shipment, Scrap or Adjustment.</summary>
public sealed record IssueStockRequest(
    string Item,
    string LotId,
    decimal Quantity,
    IssuePurpose Purpose = IssuePurpose.Production,
    string? WorkOrderId = null,
    string? RequestId = null) : ICommandBody;

/// <summary>Moves stock of a lot to another location of the plant; never creates or loses stock.</summary>
public sealed record MoveStockRequest(string DestinationLocationId, string Item, string LotId, decimal Quantity, string? RequestId = null) : ICommandBody;
