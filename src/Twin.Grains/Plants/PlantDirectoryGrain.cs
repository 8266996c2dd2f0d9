using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace Twin.Grains.Plants;

/// <summary>
/// The per-plant lists. Twins push their listing after each change they persist; the grain stores it as one
/// row of its list (<see cref="IPlantDirectoryStore"/>), never rewriting the directory. Listings that arrive
/// while a write is in flight are coalesced (newest version per twin) and written together in the next round
/// trip (group commit), so the write rate follows the store's round trips, not the twins' changes. Each
/// update returns once its row is stored. A listing with an older version than the stored one is ignored, so
/// reordered updates cannot show stale status. Pages are read from the store by id (keyset paging).
/// </summary>
[Reentrant]
public sealed class PlantDirectoryGrain : Grain, IPlantDirectoryGrain
{
    private readonly IPlantDirectoryStore _store;
    private readonly IPersistentState<PlantDirectoryState> _legacy;
    private readonly ILogger<PlantDirectoryGrain> _logger;
    private Dictionary<(ListingKind Kind, string Id), DirectoryRow> _pending = [];
    private TaskCompletionSource _pendingStored = NewCompletion();
    private int _writers;

    /// <summary>
    /// Round trips in flight at once: while one waits for the database, the next batch is already on its way.
    /// Safe because the store keeps the newest version whatever order batches commit in, and rows are sent in
    /// key order, so two batches lock shared rows in the same order.
    /// </summary>
    private const int MaxWriters = 2;

    public PlantDirectoryGrain(
        IServiceProvider services,
        [PersistentState("plant-directory", TwinProviders.Storage)] IPersistentState<PlantDirectoryState> legacy,
        ILogger<PlantDirectoryGrain> logger)
    {
        _store = PlantDirectoryStores.Resolve(services);
        _legacy = legacy;
        _logger = logger;
    }

    private string Plant => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Directories written before the listings had a store of their own kept them in one grain state:
        // move them into the store once, then clear the old state.
        var old = _legacy.State;
        if (old.Machines.Count + old.WorkOrders.Count + old.Lots.Count + old.Locations.Count + old.Dropped.Count > 0)
        {
            var rows = new Dictionary<(ListingKind, string), DirectoryRow>();
            foreach (var row in old.Machines.Values.Select(MachineRow)
                .Concat(old.WorkOrders.Values.Select(WorkOrderRow))
                .Concat(old.Lots.Values.SelectMany(LotRows))
                .Concat(old.Locations.Values.Select(LocationRow)))
            {
                Add(rows, row);
            }

            foreach (var (key, version) in old.Dropped)
            {
                var colon = key.IndexOf(':', StringComparison.Ordinal);
                ListingKind? kind = colon < 0 ? null : key[..colon] switch { "work-order" => ListingKind.WorkOrder, "lot" => ListingKind.Lot, _ => null };
                if (kind is { } k)
                {
                    Add(rows, new DirectoryRow(k, key[(colon + 1)..], version, null));
                }
            }

            await _store.UpsertAsync(Plant, rows.Values.ToArray(), cancellationToken);
            await _legacy.ClearStateAsync();
            _logger.LogInformation("Moved {Count} listings of plant {Plant} from the old directory state into the directory store", rows.Count, Plant);
        }

        await base.OnActivateAsync(cancellationToken);
    }

    public async Task<ListingPage<MachineListing>> PageMachines(string? after, int limit) =>
        await Page<MachineListing>(ListingKind.Machine, after, limit);

    public async Task<ListingPage<WorkOrderListing>> PageOpenWorkOrders(string? after, int limit) =>
        await Page<WorkOrderListing>(ListingKind.WorkOrder, after, limit);

    public async Task<ListingPage<LotListing>> PageLots(string? after, int limit) =>
        await Page<LotListing>(ListingKind.Lot, after, limit);

    public async Task<ListingPage<LotListing>> PageLotsOnHold(string? after, int limit) =>
        await Page<LotListing>(ListingKind.LotOnHold, after, limit);

    public async Task<ListingPage<LocationListing>> PageLocations(string? after, int limit) =>
        await Page<LocationListing>(ListingKind.Location, after, limit);

    public async Task<PlantDirectoryCounts> GetCounts() => new(
        await _store.CountAsync(Plant, ListingKind.Machine),
        await _store.CountAsync(Plant, ListingKind.WorkOrder),
        await _store.CountAsync(Plant, ListingKind.Lot),
        await _store.CountAsync(Plant, ListingKind.LotOnHold),
        await _store.CountAsync(Plant, ListingKind.Location));

    public Task<IReadOnlyList<MachineListing>> ListMachines() => All<MachineListing>(ListingKind.Machine);

    public Task<IReadOnlyList<WorkOrderListing>> ListOpenWorkOrders() => All<WorkOrderListing>(ListingKind.WorkOrder);

    public Task<IReadOnlyList<LotListing>> ListLotsOnHold() => All<LotListing>(ListingKind.LotOnHold);

    public Task<IReadOnlyList<LotListing>> ListLots() => All<LotListing>(ListingKind.Lot);

    public Task<IReadOnlyList<LocationListing>> ListLocations() => All<LocationListing>(ListingKind.Location);

    public Task UpdateMachine(MachineListing listing) => Store(MachineRow(listing));

    public Task UpdateWorkOrder(WorkOrderListing listing) => Store(WorkOrderRow(listing));

    public Task UpdateLot(LotListing listing)
    {
        var rows = LotRows(listing);
        return Task.WhenAll(Store(rows[0]), Store(rows[1]));
    }

    public Task UpdateLocation(LocationListing listing) => Store(LocationRow(listing));

    private static DirectoryRow MachineRow(MachineListing m) => new(ListingKind.Machine, m.MachineId, m.Version, m);

    private static DirectoryRow WorkOrderRow(WorkOrderListing w) => new(ListingKind.WorkOrder, w.WorkOrderId, w.Version,
        w.Status is WorkOrderStatus.Closed or WorkOrderStatus.Cancelled ? null : w);

    private static DirectoryRow[] LotRows(LotListing l) =>
    [
        new(ListingKind.Lot, l.LotId, l.Version, l.Status == StockStatus.Consumed ? null : l),
        new(ListingKind.LotOnHold, l.LotId, l.Version, l.Status is StockStatus.QualityHold or StockStatus.Blocked ? l : null),
    ];

    private static DirectoryRow LocationRow(LocationListing l) => new(ListingKind.Location, l.LocationId, l.Version, l);

    private static void Add(Dictionary<(ListingKind, string), DirectoryRow> rows, DirectoryRow row)
    {
        if (!rows.TryGetValue((row.Kind, row.Id), out var held) || held.Version < row.Version)
        {
            rows[(row.Kind, row.Id)] = row;
        }
    }

    /// <summary>Queues the row for the next write and waits until that write is done.</summary>
    private Task Store(DirectoryRow row)
    {
        Add(_pending, row);
        var stored = _pendingStored.Task;
        if (_writers < MaxWriters)
        {
            _writers++;
            _ = WriteAll();
        }

        return stored;
    }

    // Takes everything pending as one batch; whatever arrives meanwhile goes together in the next one. Runs on
    // the grain's scheduler, so the pending rows are never touched by two turns at once.
    private async Task WriteAll()
    {
        try
        {
            while (_pending.Count > 0)
            {
                var rows = _pending.Values.ToArray();
                Array.Sort(rows, static (a, b) => a.Kind != b.Kind ? a.Kind.CompareTo(b.Kind) : string.CompareOrdinal(a.Id, b.Id));
                var stored = _pendingStored;
                _pending = [];
                _pendingStored = NewCompletion();
                try
                {
                    await _store.UpsertAsync(Plant, rows);
                    stored.SetResult();
                }
                catch (Exception error)
                {
                    stored.SetException(error);
                }
            }
        }
        finally
        {
            _writers--;
        }
    }

    private async Task<ListingPage<T>> Page<T>(ListingKind kind, string? after, int limit)
    {
        var page = await _store.PageAsync(Plant, kind, string.IsNullOrEmpty(after) ? null : after, ListingPaging.Clamp(limit));
        return new ListingPage<T>(page.Items.Cast<T>().ToArray(), page.Next);
    }

    private async Task<IReadOnlyList<T>> All<T>(ListingKind kind)
    {
        var all = new List<T>();
        string? after = null;
        do
        {
            var page = await _store.PageAsync(Plant, kind, after, ListingPaging.MaxPageSize);
            all.AddRange(page.Items.Cast<T>());
            after = page.Next;
        }
        while (after is not null);
        return all;
    }

    private static TaskCompletionSource NewCompletion() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
