using Twin.Contracts;

namespace Twin.Client;

internal sealed class WorkOrderTwins(IClusterClient cluster, TwinClientOptions settings) : IWorkOrderTwins
{
    public Task<IReadOnlyList<WorkOrderListing>> ListOpenAsync(string plant, CancellationToken cancellationToken = default) =>
        cluster.GetGrain<IPlantDirectoryGrain>(plant).ListOpenWorkOrders().WaitAsync(cancellationToken);

    public Task<ListingPage<WorkOrderListing>> ListOpenPageAsync(string plant, string? after = null, int limit = ListingPaging.DefaultPageSize, CancellationToken cancellationToken = default) =>
        cluster.GetGrain<IPlantDirectoryGrain>(plant).PageOpenWorkOrders(after, limit).WaitAsync(cancellationToken);

    public Task<WorkOrderSnapshot?> GetAsync(string workOrderId, CancellationToken cancellationToken = default) =>
        Order(workOrderId).GetSnapshot().WaitAsync(cancellationToken);

    public Task<IReadOnlyList<HistoryEntry>> GetHistoryAsync(string workOrderId, int max = 100, CancellationToken cancellationToken = default) =>
        Order(workOrderId).GetHistory(max).WaitAsync(cancellationToken);

    public Task<CommandResult> CreateAsync(string plant, string workOrderId, string item, decimal plannedQuantity, string unit,
        IReadOnlyList<RoutingOperation> routing, decimal overDeliveryTolerancePercent = 0m,
        TwinCommandOptions? options = null, CancellationToken cancellationToken = default) =>
        Order(workOrderId).Create(new CreateWorkOrder(Context(options), plant, item, plannedQuantity, unit, routing, overDeliveryTolerancePercent))
            .WaitAsync(cancellationToken);

    public Task<CommandResult> ReleaseAsync(string workOrderId, string? reason = null, TwinCommandOptions? options = null, CancellationToken cancellationToken = default) =>
        Step(workOrderId, WorkOrderStatus.Released, reason, options, cancellationToken);

    public Task<CommandResult> StartAsync(string workOrderId, string? reason = null, TwinCommandOptions? options = null, CancellationToken cancellationToken = default) =>
        Step(workOrderId, WorkOrderStatus.InProgress, reason, options, cancellationToken);

    public Task<CommandResult> CompleteAsync(string workOrderId, string? reason = null, TwinCommandOptions? options = null, CancellationToken cancellationToken = default) =>
        Step(workOrderId, WorkOrderStatus.Completed, reason, options, cancellationToken);

    public Task<CommandResult> CloseAsync(string workOrderId, string? reason = null, TwinCommandOptions? options = null, CancellationToken cancellationToken = default) =>
        Step(workOrderId, WorkOrderStatus.Closed, reason, options, cancellationToken);

    public Task<CommandResult> CancelAsync(string workOrderId, string? reason = null, TwinCommandOptions? options = null, CancellationToken cancellationToken = default) =>
        Step(workOrderId, WorkOrderStatus.Cancelled, reason, options, cancellationToken);

    public Task<CommandResult> ReportProductionAsync(string workOrderId, int operationSequence, decimal good, decimal scrap = 0m,
        string? machineId = null, string? scrapReason = null, TwinCommandOptions? options = null, CancellationToken cancellationToken = default) =>
        Order(workOrderId).ReportProduction(new ReportProduction(Context(options), operationSequence, good, scrap, machineId, scrapReason))
            .WaitAsync(cancellationToken);

    public Task<CommandResult> ConsumeMaterialAsync(string workOrderId, string item, string lotId, decimal quantity, string sourceLocationId,
        int? operationSequence = null, TwinCommandOptions? options = null, CancellationToken cancellationToken = default) =>
        Order(workOrderId).ConsumeMaterial(new ConsumeMaterial(Context(options), item, lotId, quantity, sourceLocationId, operationSequence))
            .WaitAsync(cancellationToken);

    public Task<CommandResult> ReceiveOutputAsync(string workOrderId, string lotId, decimal quantity, string locationId,
        TwinCommandOptions? options = null, CancellationToken cancellationToken = default) =>
        Order(workOrderId).ReceiveOutput(new ReceiveOutput(Context(options), lotId, quantity, locationId)).WaitAsync(cancellationToken);

    private Task<CommandResult> Step(string workOrderId, WorkOrderStatus status, string? reason, TwinCommandOptions? options, CancellationToken cancellationToken) =>
        Order(workOrderId).ChangeStatus(new ChangeWorkOrderStatus(Context(options), status, reason)).WaitAsync(cancellationToken);

    private IWorkOrderGrain Order(string id) => cluster.GetGrain<IWorkOrderGrain>(id);

    private CommandContext Context(TwinCommandOptions? options) => TwinCommandOptions.Context(options, settings.User);
}
