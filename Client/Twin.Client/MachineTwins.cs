using Twin.Contracts;

namespace Twin.Client;

internal sealed class MachineTwins(IClusterClient cluster, TwinClientOptions settings) : IMachineTwins
{
    public Task<IReadOnlyList<MachineListing>> ListAsync(string plant, CancellationToken cancellationToken = default) =>
        cluster.GetGrain<IPlantDirectoryGrain>(plant).ListMachines().WaitAsync(cancellationToken);

    public Task<ListingPage<MachineListing>> ListPageAsync(string plant, string? after = null, int limit = ListingPaging.DefaultPageSize, CancellationToken cancellationToken = default) =>
        cluster.GetGrain<IPlantDirectoryGrain>(plant).PageMachines(after, limit).WaitAsync(cancellationToken);

    public Task<MachineSnapshot?> GetAsync(string machineId, CancellationToken cancellationToken = default) =>
        Machine(machineId).GetSnapshot().WaitAsync(cancellationToken);

    public Task<OeeFigures?> GetOeeAsync(string machineId, TimeSpan? window = null, CancellationToken cancellationToken = default) =>
        Machine(machineId).GetOee(window).WaitAsync(cancellationToken);

    public Task<IReadOnlyList<HistoryEntry>> GetHistoryAsync(string machineId, int max = 100, CancellationToken cancellationToken = default) =>
        Machine(machineId).GetHistory(max).WaitAsync(cancellationToken);

    public Task<CommandResult> RegisterAsync(string plant, string machineId, string name, string? workCentre = null, TimeSpan? idealCycleTime = null,
        long? counterMaximum = null, TwinCommandOptions? options = null, CancellationToken cancellationToken = default) =>
        Machine(machineId).Register(new RegisterMachine(Context(options), plant, name, workCentre, idealCycleTime, counterMaximum)).WaitAsync(cancellationToken);

    public Task<CommandResult> ChangeStatusAsync(string machineId, MachineStatus status, string? reason = null,
        TwinCommandOptions? options = null, CancellationToken cancellationToken = default) =>
        Machine(machineId).ChangeStatus(new ChangeMachineStatus(Context(options), status, reason)).WaitAsync(cancellationToken);

    public Task<CommandResult> AssignOperationAsync(string machineId, string workOrderId, int operationSequence, TimeSpan? standardCycleTime = null,
        TwinCommandOptions? options = null, CancellationToken cancellationToken = default) =>
        Machine(machineId).AssignOperation(new AssignOperation(Context(options), workOrderId, operationSequence, standardCycleTime)).WaitAsync(cancellationToken);

    public Task<CommandResult> ClearOperationAsync(string machineId, TwinCommandOptions? options = null, CancellationToken cancellationToken = default) =>
        Machine(machineId).ClearOperation(new ClearOperation(Context(options))).WaitAsync(cancellationToken);

    public Task<SignalBatchResult> SendSignalsAsync(string plant, string machineId, IReadOnlyList<MachineSignal> signals, string? batchId = null,
        string? correlationId = null, CancellationToken cancellationToken = default)
    {
        var context = Context(new TwinCommandOptions { RequestId = batchId, CorrelationId = correlationId });
        return Machine(machineId).AcceptSignals(new MachineSignalBatch(context.RequestId, context.CorrelationId, plant, machineId, signals)).WaitAsync(cancellationToken);
    }

    private IMachineGrain Machine(string id) => cluster.GetGrain<IMachineGrain>(id);

    private CommandContext Context(TwinCommandOptions? options) => TwinCommandOptions.Context(options, settings.User);
}
