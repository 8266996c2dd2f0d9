namespace Twin.Domain.WorkOrders;

/// <summary>Which lifecycle moves are allowed. InProgress is normally entered by the first production report.</summary>
public static class WorkOrderLifecycle
{
    private static readonly Dictionary<OrderStatus, OrderStatus[]> Allowed = new()
    {
        [OrderStatus.Created] = [OrderStatus.Released, OrderStatus.Cancelled],
        [OrderStatus.Released] = [OrderStatus.InProgress, OrderStatus.Completed, OrderStatus.Cancelled],
        [OrderStatus.InProgress] = [OrderStatus.Completed],
        [OrderStatus.Completed] = [OrderStatus.Closed],
        [OrderStatus.Closed] = [],
        [OrderStatus.Cancelled] = [],
    };

    public static bool CanMove(OrderStatus from, OrderStatus to) => Allowed[from].Contains(to);

    /// <summary>Throws the specific reason an order in <paramref name="status"/> takes no reports, consumption or receipts.</summary>
    public static void EnsureOpenForReporting(OrderStatus status)
    {
        switch (status)
        {
            case OrderStatus.Created:
                throw new DomainRuleException(DomainErrors.OrderNotReleased, "Work order is not released yet; release it first.");
            case OrderStatus.Completed:
                throw new DomainRuleException(DomainErrors.OrderCompleted, "Work order is completed; nothing more can be reported on it.");
            case OrderStatus.Closed:
                throw new DomainRuleException(DomainErrors.OrderClosed, "Work order is closed; nothing more can be reported on it.");
            case OrderStatus.Cancelled:
                throw new DomainRuleException(DomainErrors.OrderCancelled, "Work order is cancelled; nothing can be reported on it.");
        }
    }
}
