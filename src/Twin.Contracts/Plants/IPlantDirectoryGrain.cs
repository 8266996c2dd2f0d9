namespace Twin.Contracts;

/// <summary>
/// The per-plant lists (key = plant id), kept up to date by the twins, so plant apps can find twins
/// without knowing their ids. Older versions of a listing never overwrite newer ones.
/// </summary>
public interface IPlantDirectoryGrain : IGrainWithStringKey
{
    /// <summary>All machines of the plant with their status.</summary>
    Task<IReadOnlyList<MachineListing>> ListMachines();

    /// <summary>Work orders not yet closed or cancelled.</summary>
    Task<IReadOnlyList<WorkOrderListing>> ListOpenWorkOrders();

    /// <summary>Lots on quality hold or blocked.</summary>
    Task<IReadOnlyList<LotListing>> ListLotsOnHold();

    /// <summary>All lots not yet fully consumed.</summary>
    Task<IReadOnlyList<LotListing>> ListLots();

    /// <summary>All warehouse locations of the plant.</summary>
    Task<IReadOnlyList<LocationListing>> ListLocations();

    /// <summary>Twin-to-twin: a machine's listing changed.</summary>
    Task UpdateMachine(MachineListing listing);

    /// <summary>Twin-to-twin: a work order's listing changed (closed and cancelled ones drop out).</summary>
    Task UpdateWorkOrder(WorkOrderListing listing);

    /// <summary>Twin-to-twin: a lot's listing changed (consumed ones drop out).</summary>
    Task UpdateLot(LotListing listing);

    /// <summary>Twin-to-twin: a location's listing changed.</summary>
    Task UpdateLocation(LocationListing listing);
}
