namespace Twin.Contracts;

/// <summary>
/// The integration KPIs and latency objectives of one plant; key = plant id. Keeps the objectives' sliding windows
/// (fed by every silo's latency reports), refreshes the KPIs from the plant's counters at most every few seconds, and
/// runs the paged inventory reconciliation against the ERP on a timer.
/// </summary>
public interface IPlantKpiGrain : IGrainWithStringKey
{
    /// <summary>The plant's KPIs and objectives (recomputed when older than the refresh interval).</summary>
    Task<PlantKpis> GetKpis();

    /// <summary>The plant's latency objectives over the sliding window.</summary>
    Task<IReadOnlyList<ObjectiveReport>> GetObjectives();

    /// <summary>Runs an inventory reconciliation now (or waits for the one under way) and answers its result.</summary>
    Task<InventoryKpi> Reconcile();

    /// <summary>Adds latencies a silo measured since its last report.</summary>
    Task AddLatencies(IReadOnlyList<LatencyCounts> counts);
}
