namespace Twin.Contracts;

/// <summary>Work order lifecycle: Created → Released → InProgress → Completed → Closed; Cancelled from Created or Released.</summary>
public enum WorkOrderStatus
{
    Created = 0,
    Released = 1,
    InProgress = 2,
    Completed = 3,
    Closed = 4,
    Cancelled = 5,
}
