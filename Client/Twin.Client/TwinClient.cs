using System.Runtime.CompilerServices;
using Twin.Contracts;

namespace Twin.Client;

internal sealed class TwinClient(IClusterClient cluster, TwinClientOptions settings) : ITwinClient
{
    public IMachineTwins Machines { get; } = new MachineTwins(cluster, settings);

    public IWorkOrderTwins WorkOrders { get; } = new WorkOrderTwins(cluster, settings);

    public ILotTwins Lots { get; } = new LotTwins(cluster, settings);

    public ILocationTwins Locations { get; } = new LocationTwins(cluster, settings);

    private readonly TwinPipeline _pipeline = TwinPipeline.For(cluster);

    public IErpSync Erp => _pipeline.Erp;

    public IShopFloorConnections Connections => _pipeline.Connections;

    public IPlantKpis Kpis => _pipeline.Kpis;

    public Task<TwinChangeFeed> SubscribeToChangesAsync(string plant, string? twinId = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(plant);
        return TwinChangeFeed.SubscribeAsync(cluster, plant, twinId, cancellationToken);
    }

    public async IAsyncEnumerable<TwinEvent> WatchAsync(string plant, string? twinId = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var feed = await SubscribeToChangesAsync(plant, twinId, cancellationToken).ConfigureAwait(false);
        await foreach (var change in feed.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return change;
        }
    }
}
