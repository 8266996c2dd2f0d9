namespace Twin.Contracts;

/// <summary>The live twin of one work order; key = work order id.</summary>
public interface IWorkOrderGrain : IGrainWithStringKey
{
    /// <summary>Creates the order with its routing (status Created).</summary>
    Task<CommandResult> Create(CreateWorkOrder command);

    /// <summary>Moves the order to another lifecycle status if the transition is allowed.</summary>
    Task<CommandResult> ChangeStatus(ChangeWorkOrderStatus command);

    /// <summary>Reports good and scrap for an operation; rejected unless Released or InProgress.</summary>
    Task<CommandResult> ReportProduction(ReportProduction command);

    /// <summary>Consumes a component lot from a location (issue to production).</summary>
    Task<CommandResult> ConsumeMaterial(ConsumeMaterial command);

    /// <summary>Receives output into a new lot at a location.</summary>
    Task<CommandResult> ReceiveOutput(ReceiveOutput command);

    /// <summary>
    /// Creates or updates the order from the ERP's version of it (released, changed, completed, closed, deleted): the ERP
    /// owns quantity, routing, components and lifecycle; a version the twin already holds changes nothing.
    /// </summary>
    Task<ErpOrderSyncAnswer> SyncFromErp(SyncWorkOrderFromErp command);

    /// <summary>The live state, or null if never created.</summary>
    Task<WorkOrderSnapshot?> GetSnapshot();

    /// <summary>The newest history entries, oldest first (at most <paramref name="max"/>).</summary>
    Task<IReadOnlyList<HistoryEntry>> GetHistory(int max = 100);
}
