namespace Twin.Domain.WorkOrders;

/// <summary>An output lot received from the order.</summary>
public sealed record Receipt(string LotId, decimal Quantity, string LocationId, DateTimeOffset At);
