using Twin.Grains.Twins;

namespace Twin.Grains.Plants;

/// <summary>
/// The per-plant lists. Twins push their listing after each change they persist; a listing with an older
/// version than the one held is ignored, so reordered updates cannot show stale status.
/// </summary>
public sealed class PlantDirectoryGrain(
    [PersistentState("plant-directory", TwinProviders.Storage)] IPersistentState<PlantDirectoryState> state)
    : Grain, IPlantDirectoryGrain
{
    private const int MaxDroppedRemembered = 10_000;

    public Task<IReadOnlyList<MachineListing>> ListMachines() =>
        Task.FromResult<IReadOnlyList<MachineListing>>(state.State.Machines.Values.OrderBy(m => m.MachineId, StringComparer.Ordinal).ToArray());

    public Task<IReadOnlyList<WorkOrderListing>> ListOpenWorkOrders() =>
        Task.FromResult<IReadOnlyList<WorkOrderListing>>(state.State.WorkOrders.Values.OrderBy(w => w.WorkOrderId, StringComparer.Ordinal).ToArray());

    public Task<IReadOnlyList<LotListing>> ListLotsOnHold() =>
        Task.FromResult<IReadOnlyList<LotListing>>(state.State.Lots.Values
            .Where(l => l.Status is StockStatus.QualityHold or StockStatus.Blocked)
            .OrderBy(l => l.LotId, StringComparer.Ordinal).ToArray());

    public Task<IReadOnlyList<LotListing>> ListLots() =>
        Task.FromResult<IReadOnlyList<LotListing>>(state.State.Lots.Values.OrderBy(l => l.LotId, StringComparer.Ordinal).ToArray());

    public Task<IReadOnlyList<LocationListing>> ListLocations() =>
        Task.FromResult<IReadOnlyList<LocationListing>>(state.State.Locations.Values.OrderBy(l => l.LocationId, StringComparer.Ordinal).ToArray());

    public Task UpdateMachine(MachineListing listing) =>
        Upsert(state.State.Machines, "machine", listing.MachineId, listing.Version, listing, drop: false);

    public Task UpdateWorkOrder(WorkOrderListing listing) =>
        Upsert(state.State.WorkOrders, "work-order", listing.WorkOrderId, listing.Version, listing,
            drop: listing.Status is WorkOrderStatus.Closed or WorkOrderStatus.Cancelled);

    public Task UpdateLot(LotListing listing) =>
        Upsert(state.State.Lots, "lot", listing.LotId, listing.Version, listing, drop: listing.Status == StockStatus.Consumed);

    public Task UpdateLocation(LocationListing listing) =>
        Upsert(state.State.Locations, "location", listing.LocationId, listing.Version, listing, drop: false);

    private async Task Upsert<T>(Dictionary<string, T> entries, string kind, string id, long version, T listing, bool drop)
    {
        var droppedKey = $"{kind}:{id}";
        if (state.State.Dropped.TryGetValue(droppedKey, out var droppedAt) && droppedAt >= version)
        {
            return;
        }
        if (entries.TryGetValue(id, out var held) && VersionOf(held) >= version)
        {
            return;
        }
        if (drop)
        {
            entries.Remove(id);
            state.State.Dropped[droppedKey] = version;
            if (state.State.Dropped.Count > MaxDroppedRemembered)
            {
                state.State.Dropped.Remove(state.State.Dropped.Keys.First());
            }
        }
        else
        {
            entries[id] = listing;
        }
        await state.WriteStateAsync();
    }

    private static long VersionOf<T>(T listing) => listing switch
    {
        MachineListing m => m.Version,
        WorkOrderListing w => w.Version,
        LotListing l => l.Version,
        LocationListing l => l.Version,
        _ => long.MinValue,
    };
}
