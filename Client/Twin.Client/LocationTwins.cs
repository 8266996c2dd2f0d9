using Twin.Contracts;

namespace Twin.Client;

internal sealed class LocationTwins(IClusterClient cluster, TwinClientOptions settings) : ILocationTwins
{
    public Task<IReadOnlyList<LocationListing>> ListAsync(string plant, CancellationToken cancellationToken = default) =>
        cluster.GetGrain<IPlantDirectoryGrain>(plant).ListLocations().WaitAsync(cancellationToken);

    public Task<ListingPage<LocationListing>> ListPageAsync(string plant, string? after = null, int limit = ListingPaging.DefaultPageSize, CancellationToken cancellationToken = default) =>
        cluster.GetGrain<IPlantDirectoryGrain>(plant).PageLocations(after, limit).WaitAsync(cancellationToken);

    public Task<LocationSnapshot?> GetAsync(string locationId, CancellationToken cancellationToken = default) =>
        Location(locationId).GetSnapshot().WaitAsync(cancellationToken);

    public Task<IReadOnlyList<HistoryEntry>> GetHistoryAsync(string locationId, int max = 100, CancellationToken cancellationToken = default) =>
        Location(locationId).GetHistory(max).WaitAsync(cancellationToken);

    public Task<CommandResult> CreateAsync(string plant, string locationId, string name, TwinCommandOptions? options = null, CancellationToken cancellationToken = default) =>
        Location(locationId).Create(new CreateLocation(Context(options), plant, name)).WaitAsync(cancellationToken);

    public Task<CommandResult> ReceiveAsync(string locationId, string item, string lotId, decimal quantity, string unit,
        TwinCommandOptions? options = null, CancellationToken cancellationToken = default) =>
        Location(locationId).Receive(new ReceiveStock(Context(options), item, lotId, quantity, unit)).WaitAsync(cancellationToken);

    public Task<CommandResult> IssueAsync(string locationId, string item, string lotId, decimal quantity, IssuePurpose purpose = IssuePurpose.Production,
        string? workOrderId = null, TwinCommandOptions? options = null, CancellationToken cancellationToken = default) =>
        Location(locationId).Issue(new IssueStock(Context(options), item, lotId, quantity, purpose, workOrderId)).WaitAsync(cancellationToken);

    public Task<CommandResult> MoveAsync(string locationId, string destinationLocationId, string item, string lotId, decimal quantity,
        TwinCommandOptions? options = null, CancellationToken cancellationToken = default) =>
        Location(locationId).Move(new MoveStock(Context(options), destinationLocationId, item, lotId, quantity)).WaitAsync(cancellationToken);

    private IWarehouseLocationGrain Location(string id) => cluster.GetGrain<IWarehouseLocationGrain>(id);

    private CommandContext Context(TwinCommandOptions? options) => TwinCommandOptions.Context(options, settings.User);
}
