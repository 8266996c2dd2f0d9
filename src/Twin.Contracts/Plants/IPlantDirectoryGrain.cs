namespace Twin.Contracts;

/// <summary>
/// The per-plant lists (key = plant id), kept up to date by the twins, so plant apps can find twins
/// without knowing their ids. Older versions of a listing never overwrite newer ones. Every list is
/// paged in id order (ordinal): pass the previous page's <see cref="ListingPage{T}.Next"/> as
/// <c>after</c>; <c>limit</c> is capped at <see cref="ListingPaging.MaxPageSize"/>.
/// </summary>
public interface IPlantDirectoryGrain : IGrainWithStringKey
{
    /// <summary>A page of the plant's machines with their status.</summary>
    Task<ListingPage<MachineListing>> PageMachines(string? after, int limit);

    /// <summary>A page of the work orders not yet closed or cancelled.</summary>
    Task<ListingPage<WorkOrderListing>> PageOpenWorkOrders(string? after, int limit);

    /// <summary>A page of the lots not yet fully consumed.</summary>
    Task<ListingPage<LotListing>> PageLots(string? after, int limit);

    /// <summary>A page of the lots on quality hold or blocked.</summary>
    Task<ListingPage<LotListing>> PageLotsOnHold(string? after, int limit);

    /// <summary>A page of the plant's warehouse locations.</summary>
    Task<ListingPage<LocationListing>> PageLocations(string? after, int limit);

    /// <summary>How many listings each list holds.</summary>
    Task<PlantDirectoryCounts> GetCounts();

    /// <summary>All machines of the plant with their status (every page; prefer <see cref="PageMachines"/> in large plants).</summary>
    Task<IReadOnlyList<MachineListing>> ListMachines();

    /// <summary>Work orders not yet closed or cancelled (every page).</summary>
    Task<IReadOnlyList<WorkOrderListing>> ListOpenWorkOrders();

    /// <summary>Lots on quality hold or blocked (every page).</summary>
    Task<IReadOnlyList<LotListing>> ListLotsOnHold();

    /// <summary>All lots not yet fully consumed (every page).</summary>
    Task<IReadOnlyList<LotListing>> ListLots();

    /// <summary>All warehouse locations of the plant (every page).</summary>
    Task<IReadOnlyList<LocationListing>> ListLocations();

    /// <summary>Twin-to-twin: a machine's listing changed. Returns once the listing is stored.</summary>
    Task UpdateMachine(MachineListing listing);

    /// <summary>Twin-to-twin: a work order's listing changed (closed and cancelled ones drop out).</summary>
    Task UpdateWorkOrder(WorkOrderListing listing);

    /// <summary>Twin-to-twin: a lot's listing changed (consumed ones drop out).</summary>
    Task UpdateLot(LotListing listing);

    /// <summary>Twin-to-twin: a location's listing changed.</summary>
    Task UpdateLocation(LocationListing listing);
}
