using Orleans.Concurrency;
using Twin.Contracts;

namespace Twin.Grains.Ingest;

/// <summary>Lists a plant's configured OPC UA connections with their health (stateless: any silo answers from its configuration).</summary>
[StatelessWorker]
public sealed class PlantIngestGrain(PlantConfigurationCatalog catalog) : Grain, IPlantIngestGrain
{
    public async Task<IReadOnlyList<IngestConnectionHealth>> GetConnections()
    {
        var ids = catalog.ConnectionsOf(this.GetPrimaryKeyString());
        return await Task.WhenAll(ids.Select(id => GrainFactory.GetGrain<IOpcUaIngestGrain>(id).GetHealth()));
    }
}
