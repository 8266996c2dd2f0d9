namespace Twin.Domain.WorkOrders;

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
