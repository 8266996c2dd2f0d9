using Twin.Contracts;

namespace Twin.Client;

/// <summary>Work order twins: lifecycle, production reports, material consumption, output receipts.</summary>
public interface IWorkOrderTwins
{
    /// <summary>Work orders of <paramref name="plant"/> not yet closed or cancelled.</summary>
    Task<IReadOnlyList<WorkOrderListing>> ListOpenAsync(string plant, CancellationToken cancellationToken = default);

    /// <summary>
    /// One page of the open work orders of <paramref name="plant"/>, in id order: pass the previous page's <see cref="ListingPage{T}.Next"/> as
    /// <paramref name="after"/> (null for the first page); <paramref name="limit"/> is capped at <see cref="ListingPaging.MaxPageSize"/>.
    /// </summary>
    Task<ListingPage<WorkOrderListing>> ListOpenPageAsync(string plant, string? after = null, int limit = ListingPaging.DefaultPageSize, CancellationToken cancellationToken = default);

    /// <summary>The order's live state, or null if it was never created.</summary>
    Task<WorkOrderSnapshot?> GetAsync(string workOrderId, CancellationToken cancellationToken = default);

    /// <summary>The newest history entries, oldest first.</summary>
    Task<IReadOnlyList<HistoryEntry>> GetHistoryAsync(string workOrderId, int max = 100, CancellationToken cancellationToken = default);

    /// <summary>Creates the order with its routing (status Created).</summary>
    Task<CommandResult> CreateAsync(string plant, string workOrderId, string item, decimal plannedQuantity, string unit,
        IReadOnlyList<RoutingOperation> routing, decimal overDeliveryTolerancePercent = 0m,
        TwinCommandOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Created → Released.</summary>
    Task<CommandResult> ReleaseAsync(string workOrderId, string? reason = null, TwinCommandOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Released → InProgress (the first production report also starts it).</summary>
    Task<CommandResult> StartAsync(string workOrderId, string? reason = null, TwinCommandOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>InProgress → Completed.</summary>
    Task<CommandResult> CompleteAsync(string workOrderId, string? reason = null, TwinCommandOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Completed → Closed.</summary>
    Task<CommandResult> CloseAsync(string workOrderId, string? reason = null, TwinCommandOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Created or Released → Cancelled.</summary>
    Task<CommandResult> CancelAsync(string workOrderId, string? reason = null, TwinCommandOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Reports good and scrap for an operation.</summary>
    Task<CommandResult> ReportProductionAsync(string workOrderId, int operationSequence, decimal good, decimal scrap = 0m,
        string? machineId = null, string? scrapReason = null, TwinCommandOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Issues a component lot from a location to the order.</summary>
    Task<CommandResult> ConsumeMaterialAsync(string workOrderId, string item, string lotId, decimal quantity, string sourceLocationId,
        int? operationSequence = null, TwinCommandOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Receives output into a new lot at a location.</summary>
    Task<CommandResult> ReceiveOutputAsync(string workOrderId, string lotId, decimal quantity, string locationId,
        TwinCommandOptions? options = null, CancellationToken cancellationToken = default);
}
