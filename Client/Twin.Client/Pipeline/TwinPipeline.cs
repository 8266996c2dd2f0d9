using Twin.Contracts;

namespace Twin.Client;

/// <summary>
/// Access to the shop-floor-to-ERP pipeline (OPC UA connections and ERP synchronisation) over a connected
/// cluster client: <c>TwinPipeline.For(clusterClient).Erp.GetFiguresAsync("plant-1")</c>.
/// </summary>
public sealed class TwinPipeline
{
    private TwinPipeline(IClusterClient cluster)
    {
        Erp = new ErpSync(cluster);
        Connections = new ShopFloorConnections(cluster);
        Kpis = new PlantKpiAccess(cluster);
    }

    /// <summary>ERP synchronisation per plant.</summary>
    public IErpSync Erp { get; }

    /// <summary>OPC UA connection health per plant.</summary>
    public IShopFloorConnections Connections { get; }

    /// <summary>Integration KPIs and latency objectives per plant.</summary>
    public IPlantKpis Kpis { get; }

    /// <summary>The pipeline as seen through <paramref name="cluster"/> (the client <c>AddTwinClient</c> registered).</summary>
    public static TwinPipeline For(IClusterClient cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return new TwinPipeline(cluster);
    }

    private sealed class ErpSync(IClusterClient cluster) : IErpSync
    {
        public Task<ErpSyncFigures> GetFiguresAsync(string plant, CancellationToken cancellationToken = default) =>
            Grain(plant).GetFigures().WaitAsync(cancellationToken);

        public Task<IReadOnlyList<ErpDeadLetter>> GetDeadLettersAsync(string plant, int max = 100, CancellationToken cancellationToken = default)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
            return Grain(plant).GetDeadLetters(max).WaitAsync(cancellationToken);
        }

        public Task<ErpReplayAnswer> ReplayAsync(string plant, string idempotencyKey, CancellationToken cancellationToken = default)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
            return Grain(plant).Replay(idempotencyKey).WaitAsync(cancellationToken);
        }

        public Task<int> ReplayAllAsync(string plant, CancellationToken cancellationToken = default) =>
            Grain(plant).ReplayAll().WaitAsync(cancellationToken);

        private IErpSyncGrain Grain(string plant)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(plant);
            return cluster.GetGrain<IErpSyncGrain>(plant);
        }
    }

    private sealed class ShopFloorConnections(IClusterClient cluster) : IShopFloorConnections
    {
        public Task<IReadOnlyList<IngestConnectionHealth>> GetConnectionsAsync(string plant, CancellationToken cancellationToken = default)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(plant);
            return cluster.GetGrain<IPlantIngestGrain>(plant).GetConnections().WaitAsync(cancellationToken);
        }
    }

    private sealed class PlantKpiAccess(IClusterClient cluster) : IPlantKpis
    {
        public Task<PlantKpis> GetAsync(string plant, CancellationToken cancellationToken = default) =>
            Grain(plant).GetKpis().WaitAsync(cancellationToken);

        public Task<IReadOnlyList<ObjectiveReport>> GetObjectivesAsync(string plant, CancellationToken cancellationToken = default) =>
            Grain(plant).GetObjectives().WaitAsync(cancellationToken);

        public Task<InventoryKpi> ReconcileInventoryAsync(string plant, CancellationToken cancellationToken = default) =>
            Grain(plant).Reconcile().WaitAsync(cancellationToken);

        private IPlantKpiGrain Grain(string plant)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(plant);
            return cluster.GetGrain<IPlantKpiGrain>(plant);
        }
    }
}
