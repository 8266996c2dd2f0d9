namespace Twin.Grains.Kpis;

/// <summary>How the plant KPIs are computed (section "Twin:Kpis").</summary>
public sealed class KpiOptions
{
    public const string Section = "Twin:Kpis";

    /// <summary>A lot on quality hold longer than this is overdue.</summary>
    public TimeSpan QualityHoldLimit { get; set; } = TimeSpan.FromHours(8);

    /// <summary>The KPIs are recomputed from the plant's counters at most this often (and the metrics gauges with them).</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the lots on hold are listed again (new holds' times are read once, from the lot twin).</summary>
    public TimeSpan HoldScanInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the inventory reconciliation compares every location twin with the ERP's stock. Zero: only on request.</summary>
    public TimeSpan ReconciliationInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Locations read and asked about per ERP stock query.</summary>
    public int ReconciliationPageSize { get; set; } = 200;

    /// <summary>Pause between two pages of a reconciliation run, so a run does not crowd the ERP or the silo.</summary>
    public TimeSpan ReconciliationPagePause { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Lots on hold the KPI follows per plant (beyond this the count is a lower bound).</summary>
    public int MaxHeldLots { get; set; } = 10_000;
}
