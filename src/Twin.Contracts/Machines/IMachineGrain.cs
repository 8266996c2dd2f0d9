namespace Twin.Contracts;

/// <summary>The live twin of one machine; key = machine id (unique across plants).</summary>
public interface IMachineGrain : IGrainWithStringKey
{
    /// <summary>Creates the twin (idempotent by request id); rejected if it exists in another plant.</summary>
    Task<CommandResult> Register(RegisterMachine command);

    /// <summary>Changes the status by command; the transition time is the twin's clock.</summary>
    Task<CommandResult> ChangeStatus(ChangeMachineStatus command);

    /// <summary>Assigns a work order operation so counter increments become production reports on it.</summary>
    Task<CommandResult> AssignOperation(AssignOperation command);

    /// <summary>Clears the current work order operation.</summary>
    Task<CommandResult> ClearOperation(ClearOperation command);

    /// <summary>
    /// Applies a batch of signals (status, counters, values); duplicates and stale values are ignored. Interleaves with
    /// the twin's own writes: a batch is applied in memory in one turn and never waits for storage (docs/live-path.md).
    /// </summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<SignalBatchResult> AcceptSignals(MachineSignalBatch batch);

    /// <summary>The live state, or null if the machine was never registered.</summary>
    Task<MachineSnapshot?> GetSnapshot();

    /// <summary>Availability, performance, quality and OEE over the window (null window = configured default).</summary>
    Task<OeeFigures?> GetOee(TimeSpan? window = null);

    /// <summary>The newest history entries, oldest first (at most <paramref name="max"/>).</summary>
    Task<IReadOnlyList<HistoryEntry>> GetHistory(int max = 100);
}
