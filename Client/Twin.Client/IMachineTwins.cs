using Twin.Contracts;

namespace Twin.Client;

/// <summary>Machine twins: live status, signals, counters, OEE, assignments.</summary>
public interface IMachineTwins
{
    /// <summary>All machines of <paramref name="plant"/> with their status.</summary>
    Task<IReadOnlyList<MachineListing>> ListAsync(string plant, CancellationToken cancellationToken = default);

    /// <summary>
    /// One page of the machines of <paramref name="plant"/>, in id order: pass the previous page's <see cref="ListingPage{T}.Next"/> as
    /// <paramref name="after"/> (null for the first page); <paramref name="limit"/> is capped at <see cref="ListingPaging.MaxPageSize"/>.
    /// </summary>
    Task<ListingPage<MachineListing>> ListPageAsync(string plant, string? after = null, int limit = ListingPaging.DefaultPageSize, CancellationToken cancellationToken = default);

    /// <summary>The machine's live state, or null if it was never registered.</summary>
    Task<MachineSnapshot?> GetAsync(string machineId, CancellationToken cancellationToken = default);

    /// <summary>Availability, performance, quality and OEE over <paramref name="window"/> (null = the silo's default).</summary>
    Task<OeeFigures?> GetOeeAsync(string machineId, TimeSpan? window = null, CancellationToken cancellationToken = default);

    /// <summary>The newest history entries, oldest first.</summary>
    Task<IReadOnlyList<HistoryEntry>> GetHistoryAsync(string machineId, int max = 100, CancellationToken cancellationToken = default);

    /// <summary>Registers the machine in <paramref name="plant"/>.</summary>
    Task<CommandResult> RegisterAsync(string plant, string machineId, string name, string? workCentre = null, TimeSpan? idealCycleTime = null,
        long? counterMaximum = null, TwinCommandOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Sets the status by hand (MES screen).</summary>
    Task<CommandResult> ChangeStatusAsync(string machineId, MachineStatus status, string? reason = null,
        TwinCommandOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Assigns a work order operation; the machine's counts are then reported on it.</summary>
    Task<CommandResult> AssignOperationAsync(string machineId, string workOrderId, int operationSequence, TimeSpan? standardCycleTime = null,
        TwinCommandOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Ends the current assignment.</summary>
    Task<CommandResult> ClearOperationAsync(string machineId, TwinCommandOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Sends signal values (status, counters, any value) as one batch; <paramref name="batchId"/> deduplicates redeliveries.</summary>
    Task<SignalBatchResult> SendSignalsAsync(string plant, string machineId, IReadOnlyList<MachineSignal> signals, string? batchId = null,
        string? correlationId = null, CancellationToken cancellationToken = default);
}
