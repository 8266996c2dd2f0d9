using Twin.Contracts;

namespace Twin.Client;

internal sealed class LotTwins(IClusterClient cluster, TwinClientOptions settings) : ILotTwins
{
    public Task<IReadOnlyList<LotListing>> ListAsync(string plant, CancellationToken cancellationToken = default) =>
        cluster.GetGrain<IPlantDirectoryGrain>(plant).ListLots().WaitAsync(cancellationToken);

    public Task<ListingPage<LotListing>> ListPageAsync(string plant, string? after = null, int limit = ListingPaging.DefaultPageSize, CancellationToken cancellationToken = default) =>
        cluster.GetGrain<IPlantDirectoryGrain>(plant).PageLots(after, limit).WaitAsync(cancellationToken);

    public Task<IReadOnlyList<LotListing>> ListOnHoldAsync(string plant, CancellationToken cancellationToken = default) =>
        cluster.GetGrain<IPlantDirectoryGrain>(plant).ListLotsOnHold().WaitAsync(cancellationToken);

    public Task<ListingPage<LotListing>> ListOnHoldPageAsync(string plant, string? after = null, int limit = ListingPaging.DefaultPageSize, CancellationToken cancellationToken = default) =>
        cluster.GetGrain<IPlantDirectoryGrain>(plant).PageLotsOnHold(after, limit).WaitAsync(cancellationToken);

    public Task<LotSnapshot?> GetAsync(string lotId, CancellationToken cancellationToken = default) =>
        Lot(lotId).GetSnapshot().WaitAsync(cancellationToken);

    public Task<IReadOnlyList<HistoryEntry>> GetHistoryAsync(string lotId, int max = 100, CancellationToken cancellationToken = default) =>
        Lot(lotId).GetHistory(max).WaitAsync(cancellationToken);

    public Task<LotTrace?> TraceAsync(string lotId, TraceDirection direction, int? maxDepth = null, CancellationToken cancellationToken = default) =>
        Lot(lotId).Trace(direction, maxDepth).WaitAsync(cancellationToken);

    public Task<CommandResult> HoldAsync(string lotId, string reason, StockStatus holdStatus = StockStatus.QualityHold,
        TwinCommandOptions? options = null, CancellationToken cancellationToken = default) =>
        Lot(lotId).PlaceOnHold(new PlaceLotOnHold(Context(options), reason, holdStatus)).WaitAsync(cancellationToken);

    public Task<CommandResult> ReleaseAsync(string lotId, string reason, TwinCommandOptions? options = null, CancellationToken cancellationToken = default) =>
        Lot(lotId).Release(new ReleaseLot(Context(options), reason)).WaitAsync(cancellationToken);

    public async Task<CommandResult> SplitAsync(string lotId, string locationId, string childLotId, decimal quantity,
        TwinCommandOptions? options = null, CancellationToken cancellationToken = default)
    {
        var context = Context(options);
        var item = await ItemOf(lotId, cancellationToken).ConfigureAwait(false);
        return item is null
            ? NotFound(context, lotId)
            : await cluster.GetGrain<IWarehouseLocationGrain>(locationId).Split(new SplitLot(context, item, lotId, childLotId, quantity))
                .WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<CommandResult> MergeAsync(string lotId, string locationId, string targetLotId,
        TwinCommandOptions? options = null, CancellationToken cancellationToken = default)
    {
        var context = Context(options);
        var item = await ItemOf(lotId, cancellationToken).ConfigureAwait(false);
        return item is null
            ? NotFound(context, lotId)
            : await cluster.GetGrain<IWarehouseLocationGrain>(locationId).Merge(new MergeLots(context, item, lotId, targetLotId))
                .WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    // Split and merge are booked by the location, which needs the item; the lot knows it, so callers need not.
    private async Task<string?> ItemOf(string lotId, CancellationToken cancellationToken) =>
        (await Lot(lotId).GetStatus().WaitAsync(cancellationToken).ConfigureAwait(false))?.Item;

    private static CommandResult NotFound(CommandContext context, string lotId) =>
        CommandResult.Fail(context.RequestId, TwinErrorCodes.LotNotFound, $"No lot '{lotId}' exists.", 0);

    private ILotGrain Lot(string id) => cluster.GetGrain<ILotGrain>(id);

    private CommandContext Context(TwinCommandOptions? options) => TwinCommandOptions.Context(options, settings.User);
}
