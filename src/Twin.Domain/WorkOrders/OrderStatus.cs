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

/// <summary>One routing step with what has been reported on it.</summary>
public sealed class OperationState
{
    public int Sequence { get; set; }
    public string WorkCentre { get; set; } = "";
    public string? MachineId { get; set; }
    public TimeSpan StandardCycleTime { get; set; }
    public decimal Good { get; set; }
    public decimal Scrap { get; set; }
}

/// <summary>A routing step as given when the order is created.</summary>
public sealed record RoutingStep(int Sequence, string WorkCentre, string? MachineId, TimeSpan StandardCycleTime);

/// <summary>A component lot issued to the order.</summary>
public sealed record Consumption(string Item, string LotId, decimal Quantity, string SourceLocationId, int? OperationSequence, DateTimeOffset At);

/// <summary>An output lot received from the order.</summary>
public sealed record Receipt(string LotId, decimal Quantity, string LocationId, DateTimeOffset At);
