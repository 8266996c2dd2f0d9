using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Timers;
using Twin.Domain;
using Twin.Domain.Machines;
using Twin.Grains.Publishing;
using Twin.Grains.Telemetry;
using Twin.Grains.Twins;

namespace Twin.Grains.Machines;

/// <summary>
/// Machine twin shell. Signal batches arrive by direct call from the ingest grain of the machine's OPC UA
/// connection (or from the REST API); counter increments while an operation is assigned become production
/// reports on that work order. Writes are coalesced (docs/live-path.md): a business change (counters, status,
/// owed production) is written at once when the last write is older than <see cref="TwinOptions.MachineSaveInterval"/>,
/// otherwise with the next tick of the save timer, so a busy machine writes at most once per interval whatever
/// the signal rate. A production report is written before its work order is told; counters are absolute, so
/// what a crash loses before the write is counted again from the persisted baseline by the next value.
/// </summary>
public sealed class MachineGrain(
    [PersistentState("machine", TwinProviders.Storage)] IPersistentState<TwinGrainState> state,
    IOptions<TwinOptions> options,
    IServiceProvider services,
    ILogger<MachineGrain> logger) : Grain, IMachineGrain, IRemindable
{
    // Registered only while the machine stands in Fault or Down and no request is open yet: a running machine has none.
    private const string MaintenanceReminder = "maintenance-due";

    private readonly TimeProvider _clock = GrainClock.From(services);
    private readonly DirectoryListing<MachineListing> _listed = new();

    // Made here so the grain keeps no field for the persistent state and the service provider (16 bytes a twin).
    private readonly TwinStore<MachineTwin> _store = new(state, services.GetRequiredService<TwinEventPublisher>(), logger, options.Value);

    // Live values (temperatures, speeds) that changed since the last write: written behind, every
    // LiveValueSaveInterval and at deactivation; a lost live value is replaced by the next sample.
    private bool _liveValuesUnsaved;

    // A business change (counters, status, owed production, events) not yet written: written by the save timer.
    private bool _businessUnsaved;
    private bool _directoryStale;
    private long _lastWriteTicks; // UTC ticks of the last write's start

    // The save loop, while something is unsaved (see EnsureSaveLoop); cancelled by deactivation.
    private CancellationTokenSource? _saveLoop;
    private bool _deactivating;

    // The write in flight, if any: signal batches interleave with it, other writers wait for it.
    private Task? _writing;

    // How many owed reports, from the front, are in written state. Only those may be sent; a report behind them
    // is still open and further production to the same operation joins it.
    private int _durableReports;

    // How many owed reports, from the front, are written or in the write in flight: fixed, nothing joins them. Without
    // this, production joined a report while its write was in flight; the report sent then carried more than the
    // stored one, and a crash before the next write counted the joined parts again (seen after a kill -9).
    private int _fixedReports;

    // Reads are served from this until the twin changes (a read never rebuilds what did not change).
    private MachineSnapshot? _snapshot;

    private MachineTwin Twin => _store.Twin;
    private string MachineId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _store.Load(GrainContext);
        Twin.Retention = options.Value.MachineHistoryRetention;
        Twin.History.Capacity = Math.Min(Twin.History.Capacity, options.Value.MachineHistoryLength);
        _durableReports = _fixedReports = Twin.PendingReportCount;
        await _store.PublishPending();
        await SendPendingReports();
    }

    public async Task<CommandResult> Register(RegisterMachine command)
    {
        if (TwinMapping.Invalid(command.Context, (MachineId, "machine id"), (command.Plant, "plant id")) is { } invalid)
        {
            return invalid;
        }
        if (command.MachineClass is { } machineClass && TwinIds.Problem(machineClass, "machine class") is { } badClass)
        {
            return CommandResult.Fail(command.Context.RequestId, TwinErrorCodes.InvalidId, badClass, Twin.Version);
        }
        var wasRegistered = Twin.Registered;
        var meta = command.Context.ToMeta();
        var now = _clock.GetUtcNow();
        var outcome = Twin.Execute(meta, now, nameof(Register),
            () => Twin.Register(command.Plant, command.Name, command.WorkCentre, command.IdealCycleTime, command.CounterMaximum, now, command.MachineClass));
        return await Finish(outcome, meta, nameof(Register), wasRegistered ? [] : null);
    }

    public async Task<CommandResult> ChangeStatus(ChangeMachineStatus command)
    {
        if (TwinMapping.Invalid(command.Context) is { } invalid)
        {
            return invalid;
        }
        var meta = command.Context.ToMeta();
        var now = _clock.GetUtcNow();
        StateChange? change = null;
        var outcome = Twin.Execute(meta, now, nameof(ChangeStatus), () =>
        {
            change = Twin.ChangeStatus((MachineState)command.Status, now, command.Reason);
            return change is { } made ? $"status {made.From} -> {made.To}" : $"status already {Twin.Status}";
        });
        var events = change is { } applied ? new[] { StatusEvent(meta, applied, "status") } : [];
        var result = await Finish(outcome, meta, nameof(ChangeStatus), events);
        if (change is { } made && !outcome.Duplicate)
        {
            await ReviewMaintenance(meta.CorrelationId, MaintenancePolicy.IsStopped(made.From));
            if (_businessUnsaved)
            {
                await SaveBusinessChanges();
            }
        }
        return result;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != MaintenanceReminder)
        {
            return;
        }
        if (!Twin.Registered)
        {
            await ScheduleMaintenanceLook(null);
            return;
        }
        await ReviewMaintenance(Twin.CorrelationOfLastChange(), mayHaveReminder: true);
        if (_businessUnsaved)
        {
            await SaveBusinessChanges();
        }
    }

    /// <summary>
    /// Asks the domain what a stop means now and carries it out: a request or its closing is staged as an event (written
    /// with the twin, which records it), a stop not yet long enough gets the reminder for its due time, and a machine
    /// no longer waiting for one loses it. Called on status changes only, never per signal.
    /// </summary>
    private async Task ReviewMaintenance(string correlationId, bool mayHaveReminder)
    {
        var now = _clock.GetUtcNow();
        var step = MaintenancePolicyOf().Review(Twin, now);
        switch (step.Kind)
        {
            case MaintenanceStepKind.WaitUntil:
                await ScheduleMaintenanceLook(step.At!.Value - now);
                return;
            case MaintenanceStepKind.Request:
                var requested = new MaintenanceRequested(MachineId, Twin.MachineClass, Twin.WorkCentre, (MachineStatus)Twin.Status,
                    step.StoppedSince!.Value, step.Downtime!.Value, step.DownAfter, step.Reason);
                StageMaintenance(new CommandMeta($"{MachineId}/maintenance/{step.StoppedSince.Value.UtcTicks}", correlationId), "requested", now, requested,
                    $"maintenance requested after {step.Downtime.Value:g} stopped");
                await ScheduleMaintenanceLook(null);
                return;
            case MaintenanceStepKind.Close:
                var closed = new MaintenanceRequestClosed(MachineId, Twin.MachineClass, Twin.WorkCentre, step.StoppedSince, step.At!.Value, step.Downtime);
                StageMaintenance(new CommandMeta($"{MachineId}/maintenance-closed/{step.At.Value.UtcTicks}", correlationId), "closed", step.At.Value, closed,
                    step.Downtime is { } down ? $"maintenance request closed: running again after {down:g}" : "maintenance request closed: running again");
                return;
            default:
                if (mayHaveReminder)
                {
                    await ScheduleMaintenanceLook(null);
                }
                return;
        }
    }

    private void StageMaintenance(CommandMeta meta, string step, DateTimeOffset at, EventPayload payload, string line)
    {
        Twin.Note(meta, _clock.GetUtcNow(), "Maintenance", line, withRequestId: false);
        _store.Stage([TwinEvents.Create(TwinKind.Machine, MachineId, Twin.Plant, Twin.Version, meta, step, at, payload)]);
        _snapshot = null;
        _businessUnsaved = true;
        EnsureSaveLoop();
    }

    private MaintenancePolicy MaintenancePolicyOf() => ServiceProvider.GetService<MaintenancePolicy>() ?? MaintenanceServices.Default;

    /// <summary>Sets the reminder to look again after <paramref name="due"/>, or removes it (null).</summary>
    private async Task ScheduleMaintenanceLook(TimeSpan? due)
    {
        if (ServiceProvider.GetService<IReminderRegistry>() is null)
        {
            return; // a cluster without a reminder service (bare test clusters): stops are not followed up
        }
        try
        {
            if (due is { } wait)
            {
                // The period only matters if a look comes early (the reminder service's clock): the review sets the next one.
                await this.RegisterOrUpdateReminder(MaintenanceReminder, wait > TimeSpan.Zero ? wait : TimeSpan.Zero, TimeSpan.FromMinutes(1));
            }
            else if (await this.GetReminder(MaintenanceReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            logger.LogWarning("Machine {Machine} could not {Action} its maintenance reminder ({Reason}); the next status change tries again",
                MachineId, due is null ? "remove" : "set", FailureReason.Of(error));
        }
    }

    public async Task<CommandResult> AssignOperation(AssignOperation command)
    {
        if (TwinMapping.Invalid(command.Context, (command.WorkOrderId, "work order id")) is { } invalid)
        {
            return invalid;
        }
        var meta = command.Context.ToMeta();
        var now = _clock.GetUtcNow();
        var cycle = command.StandardCycleTime;
        if (cycle is null && Twin.Registered && Twin.Replay(meta) is null)
        {
            // Performance needs the operation's standard cycle time; ask the work order when the caller did not say.
            var order = await GrainFactory.GetGrain<IWorkOrderGrain>(command.WorkOrderId).GetSnapshot();
            cycle = order?.Operations.FirstOrDefault(o => o.Sequence == command.OperationSequence)?.StandardCycleTime;
        }
        var outcome = Twin.Execute(meta, now, nameof(AssignOperation),
            () => Twin.Assign(command.WorkOrderId, command.OperationSequence, cycle, now));
        return await Finish(outcome, meta, nameof(AssignOperation));
    }

    public async Task<CommandResult> ClearOperation(ClearOperation command)
    {
        if (TwinMapping.Invalid(command.Context) is { } invalid)
        {
            return invalid;
        }
        var meta = command.Context.ToMeta();
        var outcome = Twin.Execute(meta, _clock.GetUtcNow(), nameof(ClearOperation), Twin.ClearAssignment);
        return await Finish(outcome, meta, nameof(ClearOperation));
    }

    public async Task<SignalBatchResult> AcceptSignals(MachineSignalBatch batch)
    {
        if ((TwinIds.RequestIdProblem(batch.EventId, "event id") ?? TwinIds.Problem(batch.Plant, "plant id")) is { } problem)
        {
            return new SignalBatchResult(batch.EventId ?? "", 0, batch.Signals?.Count ?? 0, false, new TwinError(TwinErrorCodes.InvalidId, problem));
        }
        var now = _clock.GetUtcNow();
        var meta = new CommandMeta(batch.EventId, batch.CorrelationId, null, batch.EventId);
        var wasRegistered = Twin.Registered;
        if (!Twin.Registered)
        {
            // The ingest tag map knows the machine before anyone registered it: signals register it in their plant.
            Twin.Execute(meta with { RequestId = $"{batch.EventId}/register" }, now, nameof(Register),
                () => Twin.Register(batch.Plant, MachineId, null, null, null, now));
        }
        else if (Twin.Plant != batch.Plant)
        {
            return new SignalBatchResult(batch.EventId, 0, batch.Signals.Count, false,
                new TwinError(TwinErrorCodes.PlantMismatch, $"Machine {MachineId} belongs to plant {Twin.Plant}, not {batch.Plant}."));
        }
        var samples = new SignalSample[batch.Signals.Count];
        for (var i = 0; i < samples.Length; i++)
        {
            var s = batch.Signals[i];
            samples[i] = new SignalSample(s.Name, s.Number, s.Text, (int)s.Quality, s.SourceTimestamp);
        }
        var effect = Twin.ApplySignals(batch.EventId, samples, now);
        MachineMetrics.SignalsApplied.Add(effect.Applied);
        MachineMetrics.SignalsIgnored.Add(effect.Ignored);
        if (effect.DuplicateBatch)
        {
            return new SignalBatchResult(batch.EventId, 0, effect.Ignored, true);
        }
        if (effect.Applied > 0 || !wasRegistered)
        {
            _snapshot = null;
        }
        TwinEvent[] events = effect.StatusChanges.Count == 0 ? [] : new TwinEvent[effect.StatusChanges.Count];
        for (var i = 0; i < events.Length; i++)
        {
            var change = effect.StatusChanges[i];
            events[i] = StatusEvent(meta, change, $"status-{change.At.UtcTicks}");
        }
        var counted = effect.GoodDelta + effect.ScrapDelta + effect.CycleDelta > 0;
        if (effect.StatusChanges.Count > 0)
        {
            // History is for what a person reads: status changes, reports, commands; not every counter step.
            // "status Running" is the same sentence on thousands of twins: one shared instance. The line keeps the flow's
            // correlation id, not the batch's event id: a machine's 20 lines held 20 batch ids (~80 bytes each).
            Twin.Note(meta, now, "Signals", counted
                ? $"status {Twin.Status}, +{effect.GoodDelta} good, +{effect.ScrapDelta} scrap, +{effect.CycleDelta} cycles"
                : SharedText.Intern($"status {Twin.Status}"), withRequestId: false);
        }
        else if (counted)
        {
            Twin.Version++;
        }
        if (effect.ReportTo is { } target)
        {
            Twin.OweProduction($"{MachineId}/{batch.EventId}", batch.CorrelationId, batch.EventId, target,
                effect.GoodDelta, effect.ScrapDelta, now, lastIsOpen: Twin.PendingReportCount > _fixedReports);
        }
        var businessChange = !wasRegistered || events.Length > 0 || effect.ReportTo is not null || counted;
        if (!businessChange)
        {
            _liveValuesUnsaved = true;
            EnsureSaveLoop();
            return new SignalBatchResult(batch.EventId, effect.Applied, effect.Ignored, false);
        }
        _store.Stage(events);
        _businessUnsaved = true;
        EnsureSaveLoop();
        _directoryStale |= effect.StatusChanges.Count > 0 || !wasRegistered;
        if (effect.StatusChanges.Count > 0)
        {
            // After the status events, so a request or its closing follows the change that caused it on the stream.
            var leftStop = false;
            foreach (var change in effect.StatusChanges)
            {
                leftStop |= MaintenancePolicy.IsStopped(change.From);
            }
            await ReviewMaintenance(batch.CorrelationId, leftStop);
        }
        if (options.Value.MachineSaveInterval == TimeSpan.Zero)
        {
            await SaveBusinessChanges();
        }
        return new SignalBatchResult(batch.EventId, effect.Applied, effect.Ignored, false);
    }

    /// <summary>
    /// Writes the twin with its staged events, then tells the directory and the work orders what the write made
    /// durable. One write at a time: a caller that finds one in flight waits for it and writes what came after.
    /// </summary>
    private async Task SaveBusinessChanges()
    {
        while (_writing is { } inFlight)
        {
            await inFlight;
        }
        var write = WriteAndTell();
        _writing = write;
        try
        {
            await write;
        }
        finally
        {
            _writing = null;
        }
    }

    private async Task WriteAndTell()
    {
        _businessUnsaved = false;
        _liveValuesUnsaved = false;
        _lastWriteTicks = _clock.GetUtcNow().UtcTicks;
        // Save serializes the twin before its first await, so these reports are the ones in the written state.
        var written = _fixedReports = Twin.PendingReportCount;
        try
        {
            MachineMetrics.Writes.Add(1);
            await _store.Save();
        }
        catch
        {
            _fixedReports = _durableReports; // Not written: nobody was told of the reports behind, they may grow again.
            _businessUnsaved = true; // Still in memory: the next tick tries again.
            EnsureSaveLoop();
            throw;
        }
        _durableReports = written;
        if (_directoryStale)
        {
            _directoryStale = false;
            await UpdateDirectory();
        }
        await SendPendingReports();
    }

    /// <summary>
    /// The save loop runs only while something is unsaved: a plant of 100,000 mostly quiet twins must not cost
    /// 100,000 timer callbacks a second (nor a timer object per idle twin). It is a delay loop on the activation's
    /// scheduler, not an Orleans grain timer: a grain timer leaves a timer set (and the activation's extras) behind in
    /// every activation that ever had one, ~300 bytes per twin for good (issue 9: ≤ 4 KB a twin); the loop leaves
    /// nothing once it ends. Its ticks interleave with requests as the signal batches already do: every write goes
    /// through <see cref="SaveBusinessChanges"/>, one at a time.
    /// </summary>
    private void EnsureSaveLoop()
    {
        if (_saveLoop is null && !_deactivating)
        {
            _saveLoop = new CancellationTokenSource();
            _ = SaveLoop(_saveLoop);
        }
    }

    private async Task SaveLoop(CancellationTokenSource loop)
    {
        var every = options.Value.MachineSaveInterval > TimeSpan.Zero
            ? TimeSpan.FromTicks(Math.Min(options.Value.MachineSaveInterval.Ticks, options.Value.LiveValueSaveInterval.Ticks))
            : options.Value.LiveValueSaveInterval;
        try
        {
            while (!loop.IsCancellationRequested)
            {
                // Resumes on the activation's scheduler (the await keeps the grain's TaskScheduler).
                await Task.Delay(every, _clock, loop.Token);
                if (!_businessUnsaved && !_liveValuesUnsaved && _writing is null)
                {
                    return;
                }
                try
                {
                    await OnSaveTick(loop.Token);
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    // The twin keeps its state in memory and the next tick writes again (WriteAndTell marks it unsaved).
                    // Debug: in a storage outage every twin fails every tick; the storage reports the outage once per batch.
                    logger.LogDebug(error, "Machine {Machine} could not write its state; it stays in memory and is written with the next tick", MachineId);
                }
            }
        }
        catch (OperationCanceledException) when (loop.IsCancellationRequested)
        {
            // Deactivating: OnDeactivateAsync writes what is unsaved.
        }
        finally
        {
            if (ReferenceEquals(_saveLoop, loop))
            {
                _saveLoop = null;
            }
            loop.Dispose();
        }
    }

    private async Task OnSaveTick(CancellationToken cancellationToken)
    {
        if (_businessUnsaved)
        {
            await SaveBusinessChanges();
        }
        else if (_liveValuesUnsaved && _clock.GetUtcNow().UtcTicks - _lastWriteTicks >= options.Value.LiveValueSaveInterval.Ticks)
        {
            await SaveLiveValues(cancellationToken);
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _deactivating = true;
        _saveLoop?.Cancel();
        // Not while the silo shuts down: the embedded memory storage is already gone then, and the next
        // sample after a restart replaces live values anyway (counters and status were written at once).
        try
        {
            if (_businessUnsaved)
            {
                await SaveBusinessChanges();
            }
            else if (reason.ReasonCode != DeactivationReasonCode.ShuttingDown)
            {
                await SaveLiveValues(cancellationToken);
            }
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // Only what the next values restore is at stake (live values; counters are absolute against the
            // persisted baseline); when a silo shuts down the embedded memory storage may already be gone.
            logger.LogDebug(error, "Machine {Machine} could not write its latest values while deactivating", MachineId);
        }
        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    private async Task SaveLiveValues(CancellationToken cancellationToken)
    {
        if (_liveValuesUnsaved && Twin.Registered)
        {
            await SaveBusinessChanges();
        }
    }

    public Task<MachineSnapshot?> GetSnapshot()
    {
        if (!Twin.Registered)
        {
            // A read of an unknown id must not leave an activation behind (ids come from outside).
            if (!_businessUnsaved)
            {
                DeactivateOnIdle();
            }
            return Task.FromResult<MachineSnapshot?>(null);
        }
        return Task.FromResult<MachineSnapshot?>(_snapshot ??= Snapshot());
    }

    public Task<OeeFigures?> GetOee(TimeSpan? window = null)
    {
        if (!Twin.Registered)
        {
            return Task.FromResult<OeeFigures?>(null);
        }
        var span = window is { } w && w > TimeSpan.Zero ? (w > Twin.Retention ? Twin.Retention : w) : options.Value.DefaultOeeWindow;
        var r = Twin.Oee(_clock.GetUtcNow(), span);
        return Task.FromResult<OeeFigures?>(new OeeFigures(r.From, r.To, r.PlannedTime, r.RunningTime, r.Good, r.Scrap,
            r.Availability, r.Performance, r.Quality, r.Oee));
    }

    public Task<IReadOnlyList<HistoryEntry>> GetHistory(int max = 100) => Task.FromResult(Twin.History(max));

    private async Task<CommandResult> Finish(CommandOutcome outcome, CommandMeta meta, string command, IEnumerable<TwinEvent>? events = null)
    {
        if (outcome.Duplicate)
        {
            return outcome.ToResult();
        }
        _snapshot = null;
        var all = (events ?? []).ToList();
        if (outcome.Succeeded && all.Count == 0)
        {
            all.Add(TwinEvents.Changed(TwinKind.Machine, MachineId, Twin.Plant, Twin.Version, meta, _clock.GetUtcNow(), command,
                Twin.History.Lines[^1].Change));
        }
        _store.Stage(outcome.Succeeded && Twin.Registered ? all : []);
        _directoryStale |= outcome.Succeeded;
        await SaveBusinessChanges();
        return outcome.ToResult();
    }

    private MachineSnapshot Snapshot() => new(MachineId, Twin.Plant, Twin.Name, Twin.WorkCentre, (MachineStatus)Twin.Status, Twin.StatusSince,
        Twin.Transitions.TakeLast(20).Select(t => new StatusTransition((MachineStatus)t.From, (MachineStatus)t.To, t.At, t.Reason)).ToArray(),
        Twin.Signals.Values.OrderBy(v => v.Name, StringComparer.Ordinal)
            .Select(v => new SignalReading(v.Name, v.Number, v.Text, (SignalQuality)v.Quality, v.SourceTimestamp)).ToArray(),
        new MachineCounters(Twin.Good, Twin.Scrap, Twin.Cycles),
        Twin.Assignment is { } a ? new OperationAssignment(a.WorkOrderId, a.OperationSequence, a.StandardCycleTime, a.Since) : null,
        Twin.Version, Twin.MachineClass, Twin.MaintenanceRequested);

    private TwinEvent StatusEvent(CommandMeta meta, StateChange change, string step) =>
        TwinEvents.Create(TwinKind.Machine, MachineId, Twin.Plant, Twin.Version, meta, step, change.At,
            new MachineStatusChanged(MachineId, (MachineStatus)change.From, (MachineStatus)change.To, change.Reason));

    private Task UpdateDirectory()
    {
        var listing = new MachineListing(MachineId, Twin.Name, (MachineStatus)Twin.Status, Twin.StatusSince, Twin.Assignment?.WorkOrderId, Twin.Version);
        return _listed.Send(GrainFactory, Twin.Plant, logger, listing.Version, listing with { Version = 0 }, d => d.UpdateMachine(listing));
    }

    /// <summary>Sends owed production reports in order, then writes once what the work orders answered. A rejection
    /// is final (recorded in history); a failure to reach the work order leaves the report owed for the next write
    /// or activation. Only reports in written state are sent. A crash after a work order confirmed and before
    /// the write only re-sends the report, which the work order recognises by its request id.</summary>
    private async Task SendPendingReports()
    {
        var sent = 0;
        while (_durableReports > 0)
        {
            var report = Twin.PendingReports[0];
            var context = new CommandContext(report.RequestId, report.CorrelationId, null, report.CausationId);
            // Sent after the write that holds the report, not inside the signal call: its own span, found by the correlation id.
            using var activity = TwinActivities.Source.StartActivity("machine.report_production");
            activity?.SetTag(TwinActivities.CorrelationIdTag, report.CorrelationId);
            activity?.SetTag("twin.machine", MachineId);
            CommandResult result;
            try
            {
                result = await GrainFactory.GetGrain<IWorkOrderGrain>(report.WorkOrderId).ReportProduction(
                    new ReportProduction(context, report.OperationSequence, report.Good, report.Scrap, MachineId));
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                logger.LogWarning("Machine {Machine} could not report production to work order {WorkOrder} ({Reason}); it stays owed",
                    MachineId, report.WorkOrderId, FailureReason.Of(error));
                break;
            }
            Twin.PendingReports.RemoveAt(0);
            _durableReports--;
            _fixedReports--;
            sent++;
            var meta = new CommandMeta(report.RequestId, report.CorrelationId, null, report.CausationId);
            Twin.Note(meta, _clock.GetUtcNow(), "ReportProduction", result.Succeeded
                ? $"reported +{report.Good} good, +{report.Scrap} scrap to work order {report.WorkOrderId} operation {report.OperationSequence}"
                : $"work order {report.WorkOrderId} refused +{report.Good} good, +{report.Scrap} scrap ({result.Error?.Code}): {result.Error?.Message}");
        }
        if (sent > 0)
        {
            _snapshot = null;
            _businessUnsaved = true; // Written by the next tick: at most one write per interval.
            EnsureSaveLoop();
        }
    }
}
