namespace Twin.Domain.WorkOrders;

/// <summary>A component lot issued to the order.</summary>
public sealed record Consumption(string Item, string LotId, decimal Quantity, string SourceLocationId, int? OperationSequence, DateTimeOffset At);
