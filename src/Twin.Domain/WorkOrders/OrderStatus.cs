namespace Twin.Domain.WorkOrders;

/// <summary>Work order lifecycle (same names and values as the contract enum).</summary>
public enum OrderStatus
{
    Created = 0,
    Released = 1,
    InProgress = 2,
    Completed = 3,
    Closed = 4,
    Cancelled = 5,
}
