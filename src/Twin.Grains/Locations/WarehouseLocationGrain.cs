using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Twin.Domain;
using Twin.Domain.Inventory;
using Twin.Domain.Lots;
using Twin.Grains.Publishing;
using Twin.Grains.Twins;

namespace Twin.Grains.Locations;

/// <summary>
/// Warehouse location twin shell. A move is two-phase: this location takes the stock off and persists an
/// outgoing transfer keyed by the move's request id (one write, with the ledger entry), then delivers it to
/// the destination, which books it once per transfer id; only its confirmation settles the transfer.
/// Unsettled transfers are re-sent on activation, by a timer while active and by a reminder after a crash,
/// so a retry or a silo dying mid-move neither loses nor duplicates stock.
/// Incoming transfers and lot status pushes interleave with running commands (two locations moving to each
/// other never deadlock), so every change of state happens under one gate.
/// </summary>
public sealed class WarehouseLocationGrain(
    [PersistentState("location", TwinProviders.Storage)] IPersistentState<TwinGrainState> state,
    IOptions<TwinOptions> options,
    IServiceProvider services,
    ILogger<WarehouseLocationGrain> logger) : Grain, IWarehouseLocationGrain, IRemindable
{
    private const string RedriveReminder = "redrive-transfers";
    private readonly TimeProvider _clock = GrainClock.From(services);
    private readonly DirectoryListing<LocationListing> _listed = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private TwinStore<WarehouseLocationTwin> _store = null!;
    private IGrainTimer? _redriveTimer;

    private WarehouseLocationTwin Twin => _store.Twin;
    private string LocationId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Journaled: every stock movement through the location is a command whose outcome and history line are appended
        // as rows; written whole, a busy location rewrote up to 1,000 outcomes and 200 lines with each movement.
        _store = new TwinStore<WarehouseLocationTwin>(state, services.GetRequiredService<TwinEventPublisher>(), logger, options.Value,
            journaled: TwinStore<WarehouseLocationTwin>.UsesJournal(services));
        _store.Load(GrainContext);
        Twin.Id = LocationId;
        await _store.PublishPending();
        if (Twin.Outgoing.Count > 0)
        {
            ScheduleRedrive(TimeSpan.Zero);
        }
    }

    public async Task<CommandResult> Create(CreateLocation command)
    {
        if (TwinMapping.Invalid(command.Context, (LocationId, "location id"), (command.Plant, "plant id")) is { } invalid)
        {
            return invalid;
        }
        var meta = command.Context.ToMeta();
        return await Locked(() => Finish(Twin.Execute(meta, Now, nameof(Create), () => Twin.Create(command.Plant, command.Name)), meta, nameof(Create)));
    }

    public async Task<CommandResult> Receive(ReceiveStock command)
    {
        if (TwinMapping.Invalid(command.Context, (command.Item, "item id"), (command.LotId, "lot id")) is { } invalid)
        {
            return invalid;
        }
        if (command.HandlingUnitId is { } unit && TwinIds.Problem(unit, "handling unit id") is { } badUnit)
        {
            return CommandResult.Fail(command.Context.RequestId, TwinErrorCodes.InvalidId, badUnit, Twin.Version);
        }
        var meta = command.Context.ToMeta();
        const string name = nameof(Receive);
        if (Twin.Replay(meta) is { } prior)
        {
            return prior.ToResult();
        }
        if (Check(meta, name, () => Twin.CheckReceive(command.Item, command.LotId, command.Quantity, command.Unit)) is { } rejected)
        {
            return await Locked(() => Finish(rejected, meta, name));
        }
        var origin = command.Origin ?? new LotOrigin(LotOriginKind.Receipt, null);
        var lot = GrainFactory.GetGrain<ILotGrain>(command.LotId);
        var booked = await lot.RecordInflow(new LotInflow(command.Context.Derive("lot"), Twin.Plant, command.Item, command.Quantity,
            command.Unit, LocationId, origin, command.ParentEdges ?? []));
        if (!booked.Succeeded)
        {
            return await Locked(() => Finish(Twin.Reject(meta, Now, name, booked.Error!.Code, booked.Error.Message), meta, name));
        }
        var status = await lot.GetStatus();
        return await Locked(() =>
        {
            Learn(status);
            var outcome = Twin.Execute(meta, Now, name, () => Twin.Receive(command.Item, command.LotId, command.Quantity, command.Unit, Twin.StatusOf(command.LotId)));
            var workOrder = origin.Kind == LotOriginKind.WorkOrder ? origin.Reference : null;
            List<TwinEvent> events = [Event(meta, "received",
                new GoodsReceived(LocationId, command.Item, command.LotId, command.Quantity, command.Unit, workOrder))];
            if (PutAway.IsStaged(origin.Kind == LotOriginKind.WorkOrder))
            {
                // Finished goods wait where they were received until the WMS puts them away: this is its instruction.
                events.Add(Event(meta, "staged", new GoodsStagedForPutAway(LocationId, command.Item, command.LotId, command.Quantity,
                    command.Unit, workOrder, command.HandlingUnitId)));
            }
            return Finish(outcome, meta, name, events);
        });
    }

    public async Task<CommandResult> Issue(IssueStock command)
    {
        if (TwinMapping.Invalid(command.Context, (command.Item, "item id"), (command.LotId, "lot id")) is { } invalid)
        {
            return invalid;
        }
        var meta = command.Context.ToMeta();
        if (Twin.Replay(meta) is { } prior)
        {
            return prior.ToResult();
        }
        // The lot twin's own status is the authority for "held stock cannot go to production", even if a push is still on its way.
        var status = command.Purpose == IssuePurpose.Production ? await GrainFactory.GetGrain<ILotGrain>(command.LotId).GetStatus() : null;
        return await Locked(() =>
        {
            Learn(status);
            var unit = Twin.Balances.FirstOrDefault(b => b.LotId == command.LotId)?.Unit ?? "";
            var outcome = Twin.Execute(meta, Now, nameof(Issue), () => Twin.Issue(command.Item, command.LotId, command.Quantity,
                (IssueReason)command.Purpose, status is null ? null : (LotStatus)status.Status));
            return Finish(outcome, meta, nameof(Issue), [Event(meta, "issued",
                new StockIssued(LocationId, command.Item, command.LotId, command.Quantity, unit, command.Purpose, command.WorkOrderId))]);
        });
    }

    public async Task<CommandResult> Move(MoveStock command)
    {
        if (TwinMapping.Invalid(command.Context, (command.DestinationLocationId, "destination location id"), (command.Item, "item id"), (command.LotId, "lot id")) is { } invalid)
        {
            return invalid;
        }
        var meta = command.Context.ToMeta();
        const string name = nameof(Move);
        if (Twin.Replay(meta) is { } prior)
        {
            // A retried move also nudges delivery, in case the first attempt died before the destination confirmed.
            await Redrive();
            return (Twin.Ledger.TryGet(meta.RequestId, out var latest) ? latest with { Duplicate = true } : prior).ToResult();
        }
        if (Twin.Created && command.DestinationLocationId != LocationId)
        {
            // Interleaved read: two locations moving to each other at once must not wait on each other.
            var destinationPlant = await GrainFactory.GetGrain<IWarehouseLocationGrain>(command.DestinationLocationId).GetPlant();
            var refusal = destinationPlant is null
                ? (TwinErrorCodes.LocationNotFound, $"Destination location {command.DestinationLocationId} does not exist; create it first.")
                : destinationPlant != Twin.Plant
                    ? (TwinErrorCodes.PlantMismatch, $"Destination {command.DestinationLocationId} is in plant {destinationPlant}, not {Twin.Plant}.")
                    : default;
            if (refusal.Item1 is not null)
            {
                return await Locked(() => Finish(Twin.Reject(meta, Now, name, refusal.Item1, refusal.Item2), meta, name));
            }
        }
        OutgoingTransfer? transfer = null;
        var started = await Locked(() => Finish(Twin.Execute(meta, Now, name, () =>
        {
            transfer = Twin.StartMove(meta.RequestId, command.DestinationLocationId, command.Item, command.LotId, command.Quantity, meta.CorrelationId, Now);
            return $"moving {command.Quantity} {transfer.Unit} of {command.Item} lot {command.LotId} to {command.DestinationLocationId}";
        }), meta, name));
        if (!started.Succeeded || transfer is null)
        {
            return started;
        }
        await Deliver(transfer);
        return Twin.Ledger.TryGet(meta.RequestId, out var final) ? final.ToResult() : started;
    }

    public async Task<CommandResult> Split(SplitLot command)
    {
        if (TwinMapping.Invalid(command.Context, (command.Item, "item id"), (command.ParentLotId, "lot id"), (command.ChildLotId, "child lot id")) is { } invalid)
        {
            return invalid;
        }
        var meta = command.Context.ToMeta();
        const string name = nameof(Split);
        if (Twin.Replay(meta) is { } prior)
        {
            return prior.ToResult();
        }
        LotStatus status = default;
        if (Check(meta, name, () => status = Twin.CheckSplit(command.Item, command.ParentLotId, command.ChildLotId, command.Quantity)) is { } rejected)
        {
            return await Locked(() => Finish(rejected, meta, name));
        }
        var child = GrainFactory.GetGrain<ILotGrain>(command.ChildLotId);
        if (await child.GetStatus() is { } existing && (existing.Item != command.Item || existing.Status != (StockStatus)status))
        {
            return await Locked(() => Finish(Twin.Reject(meta, Now, name, existing.Item != command.Item ? TwinErrorCodes.ItemMismatch : TwinErrorCodes.LotStatusMismatch,
                $"Lot {command.ChildLotId} already exists as {existing.Item} ({existing.Status}); split into a new lot id."), meta, name));
        }
        var unit = Twin.Balances.First(b => b.LotId == command.ParentLotId).Unit;
        var edge = new GenealogyEdge(command.ParentLotId, command.ChildLotId, GenealogyRelation.Split, null, command.Quantity, Now);
        var parentBooked = await GrainFactory.GetGrain<ILotGrain>(command.ParentLotId).RecordOutflow(
            new LotOutflow(command.Context.Derive("parent"), LotOutflowKind.Split, command.Quantity, edge, null));
        if (!parentBooked.Succeeded)
        {
            return await Locked(() => Finish(Twin.Reject(meta, Now, name, parentBooked.Error!.Code, parentBooked.Error.Message), meta, name));
        }
        var childBooked = await child.RecordInflow(new LotInflow(command.Context.Derive("child"), Twin.Plant, command.Item, command.Quantity, unit,
            LocationId, new LotOrigin(LotOriginKind.Split, command.ParentLotId), [edge], (StockStatus)status));
        if (!childBooked.Succeeded)
        {
            logger.LogWarning("Lot {Child} did not book its split from {Parent}: {Code}", command.ChildLotId, command.ParentLotId, childBooked.Error?.Code);
        }
        return await Locked(() => Finish(Twin.Execute(meta, Now, name, () => Twin.Split(command.Item, command.ParentLotId, command.ChildLotId, command.Quantity)),
            meta, name, [Event(meta, "split", new LotSplit(LocationId, command.Item, command.ParentLotId, command.ChildLotId, command.Quantity, unit))]));
    }

    public async Task<CommandResult> Merge(MergeLots command)
    {
        if (TwinMapping.Invalid(command.Context, (command.Item, "item id"), (command.SourceLotId, "lot id"), (command.TargetLotId, "target lot id")) is { } invalid)
        {
            return invalid;
        }
        var meta = command.Context.ToMeta();
        const string name = nameof(Merge);
        if (Twin.Replay(meta) is { } prior)
        {
            return prior.ToResult();
        }
        decimal quantity = 0;
        if (Check(meta, name, () => quantity = Twin.CheckMerge(command.Item, command.SourceLotId, command.TargetLotId)) is { } rejected)
        {
            return await Locked(() => Finish(rejected, meta, name));
        }
        var target = GrainFactory.GetGrain<ILotGrain>(command.TargetLotId);
        var sourceStatus = Twin.StatusOf(command.SourceLotId);
        if (await target.GetStatus() is { } existing && (existing.Item != command.Item
            || (existing.Status != StockStatus.Consumed && existing.Status != (StockStatus)sourceStatus)))
        {
            return await Locked(() => Finish(Twin.Reject(meta, Now, name, existing.Item != command.Item ? TwinErrorCodes.ItemMismatch : TwinErrorCodes.LotStatusMismatch,
                $"Lot {command.TargetLotId} is {existing.Item} ({existing.Status}); it cannot take lot {command.SourceLotId}."), meta, name));
        }
        var unit = Twin.Balances.First(b => b.LotId == command.SourceLotId).Unit;
        var edge = new GenealogyEdge(command.SourceLotId, command.TargetLotId, GenealogyRelation.Merge, null, quantity, Now);
        var sourceBooked = await GrainFactory.GetGrain<ILotGrain>(command.SourceLotId).RecordOutflow(
            new LotOutflow(command.Context.Derive("source"), LotOutflowKind.Merge, quantity, edge, null));
        if (!sourceBooked.Succeeded)
        {
            return await Locked(() => Finish(Twin.Reject(meta, Now, name, sourceBooked.Error!.Code, sourceBooked.Error.Message), meta, name));
        }
        var targetBooked = await target.RecordInflow(new LotInflow(command.Context.Derive("target"), Twin.Plant, command.Item, quantity, unit,
            LocationId, new LotOrigin(LotOriginKind.Merge, command.SourceLotId), [edge], (StockStatus)sourceStatus));
        if (!targetBooked.Succeeded)
        {
            logger.LogWarning("Lot {Target} did not book the merge of {Source}: {Code}", command.TargetLotId, command.SourceLotId, targetBooked.Error?.Code);
        }
        return await Locked(() => Finish(Twin.Execute(meta, Now, name, () => Twin.Merge(command.Item, command.SourceLotId, command.TargetLotId)),
            meta, name, [Event(meta, "merged", new LotsMerged(LocationId, command.Item, command.SourceLotId, command.TargetLotId, quantity, unit))]));
    }

    public Task<LocationSnapshot?> GetSnapshot() => Task.FromResult(Twin.Created ? Snapshot() : NotCreated<LocationSnapshot>());

    // A read of a twin that was never created answers null (404) and does not keep an empty activation around.
    private T? NotCreated<T>() where T : class
    {
        DeactivateOnIdle();
        return null;
    }

    public Task<IReadOnlyList<HistoryEntry>> GetHistory(int max = 100) => Task.FromResult(Twin.History(max));

    public async Task<CommandResult> AcceptTransfer(StockTransfer transfer)
    {
        if (!Twin.Created)
        {
            return CommandResult.Fail(transfer.TransferId, TwinErrorCodes.LocationNotFound, $"Location {LocationId} does not exist.", 0);
        }
        if (transfer.Plant != Twin.Plant)
        {
            return CommandResult.Fail(transfer.TransferId, TwinErrorCodes.PlantMismatch, $"Location {LocationId} is in plant {Twin.Plant}, not {transfer.Plant}.", Twin.Version);
        }
        // Register with the lot before booking, so a hold placed from now on reaches this location.
        var status = Twin.AcceptedTransfers.Contains(transfer.TransferId) ? null : await GrainFactory.GetGrain<ILotGrain>(transfer.LotId).NoteStoredAt(LocationId);
        return await Locked(async () =>
        {
            Learn(status);
            var meta = new CommandMeta(transfer.TransferId, transfer.CorrelationId, null, transfer.TransferId);
            try
            {
                if (!Twin.AcceptTransfer(transfer.TransferId, transfer.Item, transfer.LotId, transfer.Quantity, transfer.Unit, (LotStatus)transfer.Status))
                {
                    return CommandResult.Ok(transfer.TransferId, Twin.Version) with { Duplicate = true };
                }
            }
            catch (DomainRuleException rule)
            {
                return CommandResult.Fail(transfer.TransferId, rule.Code, rule.Message, Twin.Version);
            }
            Twin.Note(meta, Now, nameof(AcceptTransfer),
                $"received {transfer.Quantity} {transfer.Unit} of {transfer.Item} lot {transfer.LotId} from {transfer.SourceLocationId}");
            await _store.Save(alongside: UpdateDirectory);
            return CommandResult.Ok(transfer.TransferId, Twin.Version);
        });
    }

    public async Task<decimal> ApplyLotStatus(LotStatusUpdate update)
    {
        if (!Twin.Created)
        {
            return 0;
        }
        return await Locked(async () =>
        {
            if (!Twin.ApplyLotStatus(update.LotId, (LotStatus)update.Status, update.StatusVersion))
            {
                return HeldOf(update.LotId);
            }
            if (Twin.Balances.Any(b => b.LotId == update.LotId))
            {
                Twin.Note(new CommandMeta($"{update.LotId}/status-{update.StatusVersion}", update.CorrelationId), Now, nameof(ApplyLotStatus),
                    $"lot {update.LotId} now {update.Status}");
            }
            await _store.Save();
            return HeldOf(update.LotId);
        });
    }

    // What the lot's hold or release instruction names for this location: its stock of the lot, whatever the status.
    private decimal HeldOf(string lotId) => Twin.Balances.Where(b => b.LotId == lotId).Sum(b => b.Quantity);

    public Task<string?> GetPlant() => Task.FromResult(Twin.Created ? Twin.Plant : NotCreated<string>());

    public async Task<int> RedriveTransfers()
    {
        await Redrive();
        return Twin.Outgoing.Count;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == RedriveReminder)
        {
            await Redrive();
        }
    }

    private DateTimeOffset Now => _clock.GetUtcNow();

    private async Task Redrive()
    {
        foreach (var transfer in Twin.Outgoing.ToArray())
        {
            await Deliver(transfer);
        }
    }

    /// <summary>Second phase: deliver, then settle (confirmed), refund (refused for good) or keep for a later try (unreachable).</summary>
    private async Task Deliver(OutgoingTransfer transfer)
    {
        CommandResult answer;
        try
        {
            transfer.Attempts++;
            answer = await GrainFactory.GetGrain<IWarehouseLocationGrain>(transfer.Destination).AcceptTransfer(new StockTransfer(
                transfer.TransferId, LocationId, Twin.Plant, transfer.Item, transfer.LotId, transfer.Quantity, transfer.Unit,
                (StockStatus)transfer.Status, transfer.CorrelationId, transfer.StartedAt));
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            logger.LogWarning("Location {Location} could not deliver transfer {Transfer} to {Destination} ({Reason}); it stays in transit and is re-sent",
                LocationId, transfer.TransferId, transfer.Destination, FailureReason.Of(error));
            await EnsureRedriveScheduled();
            return;
        }
        await Locked(async () =>
        {
            var meta = new CommandMeta(transfer.TransferId, transfer.CorrelationId, null, transfer.TransferId);
            var events = new List<TwinEvent>();
            if (answer.Succeeded && Twin.CompleteMove(transfer.TransferId) is { } done)
            {
                Twin.Note(meta, Now, "MoveConfirmed", $"{transfer.Destination} confirmed {done.Quantity} {done.Unit} of lot {done.LotId}");
                events.Add(Event(meta, "moved", new StockMoved(LocationId, transfer.Destination, done.Item, done.LotId, done.Quantity, done.Unit)));
            }
            else if (!answer.Succeeded && Twin.CancelMove(transfer.TransferId) is { } refunded)
            {
                // The destination refused for good: the stock comes back and the move's remembered outcome becomes the refusal.
                Twin.Ledger.Remember(new CommandOutcome(transfer.TransferId, false, answer.Error?.Code, answer.Error?.Message, Twin.Version + 1));
                Twin.Note(meta, Now, "MoveRefused", $"{transfer.Destination} refused ({answer.Error?.Code}); {refunded.Quantity} {refunded.Unit} of lot {refunded.LotId} back in stock");
            }
            else
            {
                return 0;
            }
            await _store.Save(events, UpdateDirectory);
            return 0;
        });
    }

    private void ScheduleRedrive(TimeSpan due)
    {
        _redriveTimer?.Dispose();
        _redriveTimer = this.RegisterGrainTimer(async _ =>
        {
            await Redrive();
            if (Twin.Outgoing.Count == 0)
            {
                _redriveTimer?.Dispose();
                _redriveTimer = null;
                if (await this.GetReminder(RedriveReminder) is { } reminder)
                {
                    await this.UnregisterReminder(reminder);
                }
            }
        }, new GrainTimerCreationOptions(due, options.Value.TransferRetryDelay) { KeepAlive = true });
    }

    /// <summary>A timer re-sends while this activation lives; the reminder brings the location back after a crash.</summary>
    private async Task EnsureRedriveScheduled()
    {
        if (_redriveTimer is null)
        {
            ScheduleRedrive(options.Value.TransferRetryDelay);
        }
        await this.RegisterOrUpdateReminder(RedriveReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
    }

    private void Learn(LotStatusInfo? status)
    {
        if (status is not null && status.Status != StockStatus.Consumed)
        {
            Twin.ApplyLotStatus(status.LotId, (LotStatus)status.Status, status.StatusVersion);
        }
    }

    private CommandOutcome? Check(CommandMeta meta, string command, Action check)
    {
        try
        {
            check();
            return null;
        }
        catch (DomainRuleException rule)
        {
            return Twin.Reject(meta, Now, command, rule.Code, rule.Message);
        }
    }

    private async Task<T> Locked<T>(Func<Task<T>> work)
    {
        await _gate.WaitAsync();
        try
        {
            return await work();
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<CommandResult> Finish(CommandOutcome outcome, CommandMeta meta, string command, IEnumerable<TwinEvent>? events = null)
    {
        if (outcome.Duplicate)
        {
            return outcome.ToResult();
        }
        var all = outcome.Succeeded ? (events ?? []).ToList() : [];
        if (outcome.Succeeded)
        {
            all.Add(TwinEvents.Changed(TwinKind.Location, LocationId, Twin.Plant, Twin.Version, meta, Now, command, Twin.History.Lines[^1].Change));
        }
        await _store.Save(Twin.Created ? all : [], outcome.Succeeded ? UpdateDirectory : null);
        return outcome.ToResult();
    }

    // Only when a listed field changed (name, number of balance lines): most movements change neither.
    private Task UpdateDirectory()
    {
        var listing = new LocationListing(LocationId, Twin.Name, Twin.Balances.Count, Twin.Version);
        return _listed.Send(GrainFactory, Twin.Plant, logger, listing.Version, listing with { Version = 0 }, d => d.UpdateLocation(listing));
    }

    private TwinEvent Event(CommandMeta meta, string step, EventPayload payload) =>
        TwinEvents.Create(TwinKind.Location, LocationId, Twin.Plant, Twin.Version, meta, step, Now, payload);

    private LocationSnapshot Snapshot() => new(LocationId, Twin.Plant, Twin.Name,
        Twin.Balances.OrderBy(b => b.Item, StringComparer.Ordinal).ThenBy(b => b.LotId, StringComparer.Ordinal).ThenBy(b => b.Status)
            .Select(b => new StockBalance(b.Item, b.LotId, (StockStatus)b.Status, b.Quantity, b.Unit)).ToArray(),
        Twin.Outgoing.Select(t => new StockInTransit(t.TransferId, t.Destination, t.Item, t.LotId, t.Quantity, (StockStatus)t.Status, t.Attempts)).ToArray(),
        Twin.Version);
}
