using Twin.Domain.Objectives;

namespace Twin.Grains.Kpis;

/// <summary>Latency objectives per workflow (section "Twin:Objectives"), each measured end to end from the source time stamp.</summary>
public sealed class ObjectiveOptions
{
    public const string Section = "Twin:Objectives";

    /// <summary>OPC UA source time stamp → the machine twin applied the value.</summary>
    public TimeSpan MachineTelemetry { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Warehouse event (receipt, issue, move, split, merge) → a webhook receiver took it (2xx).</summary>
    public TimeSpan WarehouseMovement { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Business event (production, consumption, receipt, move, hold) → the ERP booked its document.</summary>
    public TimeSpan ErpPosting { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Share of latencies that must be within the objective for it to count as met (0.99: the 99th percentile).</summary>
    public double Target { get; set; } = 0.99;

    /// <summary>The sliding window met/missed and the percentiles are computed over.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Granularity of the window: latencies are kept as one histogram per slice.</summary>
    public TimeSpan Slice { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often each silo sends what it measured to the plants' KPI grains.</summary>
    public TimeSpan ReportInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The objective of <paramref name="workflow"/> (one of <see cref="Workflows.All"/>).</summary>
    public TimeSpan For(string workflow) => workflow switch
    {
        Workflows.MachineTelemetry => MachineTelemetry,
        Workflows.WarehouseMovement => WarehouseMovement,
        Workflows.ErpPosting => ErpPosting,
        _ => throw new ArgumentOutOfRangeException(nameof(workflow), workflow, $"Unknown workflow; the workflows are {string.Join(", ", Workflows.All)}."),
    };
}
