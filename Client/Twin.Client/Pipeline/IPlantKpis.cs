using Twin.Contracts;

namespace Twin.Client;

/// <summary>A plant's integration KPIs and latency objectives (the same figures as GET /api/plants/{plant}/kpis).</summary>
public interface IPlantKpis
{
    /// <summary>
    /// Delayed production confirmations, unposted goods movements, inventory mismatch, overdue quality holds, failed
    /// webhook deliveries, degraded connections and the objectives of <paramref name="plant"/> (a few seconds old at most).
    /// </summary>
    Task<PlantKpis> GetAsync(string plant, CancellationToken cancellationToken = default);

    /// <summary>Each workflow's latency objective over the sliding window: met or missed, with percentiles.</summary>
    Task<IReadOnlyList<ObjectiveReport>> GetObjectivesAsync(string plant, CancellationToken cancellationToken = default);

    /// <summary>Compares every location twin of <paramref name="plant"/> with the ERP's stock now and answers the result.</summary>
    Task<InventoryKpi> ReconcileInventoryAsync(string plant, CancellationToken cancellationToken = default);
}
