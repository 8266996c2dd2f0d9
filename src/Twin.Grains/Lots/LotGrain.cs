using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Twin.Domain;
using Twin.Domain.Lots;
using Twin.Grains.Publishing;
using Twin.Grains.Twins;

namespace Twin.Grains.Lots;

/// <summary>
/// Lot twin shell. A hold or release is booked here first, then pushed to every location that holds the lot;
/// locations not yet told are remembered and told again on the next change or activation. The lot never
/// waits on a location call that could wait on the lot (locations answer status pushes interleaved).
/// </summary>
public sealed class LotGrain(
    [PersistentState("lot", TwinProviders.Storage)] IPersistentState<TwinGrainState> state,
    IOptions<TwinOptions> options,
    IServiceProvider services,
    ILogger<LotGrain> logger) : Grain, ILotGrain
{
    private readonly TimeProvider _clock = GrainClock.From(services);
    private readonly DirectoryListing<LotListing> _listed = new();
    private TwinStore<LotTwin> _store = null!;

    private LotTwin Twin => _store.Twin;
    private string LotId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Journaled like work orders and locations: each inflow, outflow, hold or release appends its outcome and history
        // line as rows instead of rewriting the lot's whole ledger and history.
        _store = new TwinStore<LotTwin>(state, services.GetRequiredService<TwinEventPublisher>(), logger, options.Value,
            journaled: TwinStore<LotTwin>.UsesJournal(services));
        _store.Load(GrainContext);
        await _store.PublishPending();
        await PushStatus(Twin.CorrelationOfLastChange());
    }

    public async Task<CommandResult> PlaceOnHold(PlaceLotOnHold command)
    {
        if (TwinMapping.Invalid(command.Context) is { } invalid)
        {
            return invalid;
        }
        var meta = command.Context.ToMeta();
        var now = _clock.GetUtcNow();
        var outcome = Twin.Execute(meta, now, nameof(PlaceOnHold), () =>
        {
            var change = Twin.PlaceOnHold((LotStatus)command.HoldStatus, command.Reason, command.Context.User, now, command.ReasonCode);
            Twin.OweInstruction(meta.RequestId, meta.CorrelationId, command.Reason, command.ReasonCode, command.Context.User!, now);
            return change;
        });
        var result = await Finish(outcome, meta, nameof(PlaceOnHold),
            [Event(meta, "hold", new QualityHoldPlaced(LotId, Twin.Item, command.HoldStatus, command.Reason, command.Context.User ?? ""))]);
        await PushStatus(meta.CorrelationId);
        return result;
    }

    public async Task<CommandResult> Release(ReleaseLot command)
    {
        if (TwinMapping.Invalid(command.Context) is { } invalid)
        {
            return invalid;
        }
        var meta = command.Context.ToMeta();
        var now = _clock.GetUtcNow();
        var outcome = Twin.Execute(meta, now, nameof(Release), () =>
        {
            var change = Twin.Release(command.Reason, command.Context.User, command.ReasonCode);
            Twin.OweInstruction(meta.RequestId, meta.CorrelationId, command.Reason, command.ReasonCode, command.Context.User!, now);
            return change;
        });
        var result = await Finish(outcome, meta, nameof(Release),
            [Event(meta, "release", new QualityHoldReleased(LotId, Twin.Item, command.Reason, command.Context.User ?? ""))]);
        await PushStatus(meta.CorrelationId);
        return result;
    }

    public Task<LotSnapshot?> GetSnapshot() => Task.FromResult(Twin.Created ? Snapshot() : NotCreated<LotSnapshot>());

    // A read of a twin that was never created answers null (404) and does not keep an empty activation around.
    private T? NotCreated<T>() where T : class
    {
        DeactivateOnIdle();
        return null;
    }

    public async Task<LotTrace?> Trace(TraceDirection direction, int? maxDepth = null)
    {
        if (!Twin.Created)
        {
            return NotCreated<LotTrace>();
        }
        var depth = Math.Clamp(maxDepth ?? options.Value.DefaultTraceDepth, 0, options.Value.MaxTraceDepth);
        var result = await GenealogyTracer.Trace(LotId, direction == TraceDirection.Backward, depth, options.Value.MaxTraceLots, async lot =>
        {
            var links = lot == LotId ? Links() : await GrainFactory.GetGrain<ILotGrain>(lot).GetLinks();
            return links is null ? null : new LotLinkView(links.LotId, links.Item, (LotStatus)links.Status,
                links.Parents.Select(ToLink).ToArray(), links.Children.Select(ToLink).ToArray());
        });
        return new LotTrace(LotId, direction, depth,
            result.Lots.Select(s => new TracedLot(s.LotId, s.Item, (StockStatus?)s.Status, s.Depth)).ToArray(),
            result.Edges.Select(ToEdge).ToArray(), result.Truncated);
    }

    public Task<IReadOnlyList<HistoryEntry>> GetHistory(int max = 100) => Task.FromResult(Twin.History(max));

    public async Task<CommandResult> RecordInflow(LotInflow inflow)
    {
        if (TwinMapping.Invalid(inflow.Context, (LotId, "lot id"), (inflow.Plant, "plant id"), (inflow.Item, "item id"), (inflow.LocationId, "location id")) is { } invalid)
        {
            return invalid;
        }
        var meta = inflow.Context.ToMeta();
        var outcome = Twin.Execute(meta, _clock.GetUtcNow(), nameof(RecordInflow), () => Twin.Inflow(inflow.Plant, inflow.Item, inflow.Quantity,
            inflow.Unit, inflow.LocationId, new LotSource((int)inflow.Origin.Kind, inflow.Origin.Reference),
            (inflow.ParentEdges ?? []).Select(ToLink).ToArray(), (LotStatus)inflow.InitialStatus));
        return await Finish(outcome, meta, nameof(RecordInflow));
    }

    public async Task<CommandResult> RecordOutflow(LotOutflow outflow)
    {
        if (TwinMapping.Invalid(outflow.Context) is { } invalid)
        {
            return invalid;
        }
        var meta = outflow.Context.ToMeta();
        var outcome = Twin.Execute(meta, _clock.GetUtcNow(), nameof(RecordOutflow),
            () => Twin.Outflow((int)outflow.Kind, outflow.Quantity, outflow.ChildEdge is { } edge ? ToLink(edge) : null));
        return await Finish(outcome, meta, nameof(RecordOutflow));
    }

    public async Task<CommandResult> LinkChildren(LotChildLinks links)
    {
        if (TwinMapping.Invalid(links.Context) is { } invalid)
        {
            return invalid;
        }
        var meta = links.Context.ToMeta();
        var outcome = Twin.Execute(meta, _clock.GetUtcNow(), nameof(LinkChildren), () => Twin.LinkChildren(links.Edges.Select(ToLink).ToArray()));
        return await Finish(outcome, meta, nameof(LinkChildren));
    }

    public async Task<LotStatusInfo?> NoteStoredAt(string locationId)
    {
        if (!Twin.Created || !TwinIds.IsValid(locationId))
        {
            return null;
        }
        if (Twin.NoteLocation(locationId))
        {
            await _store.Save();
        }
        return StatusInfo();
    }

    public Task<LotStatusInfo?> GetStatus() => Task.FromResult(Twin.Created ? StatusInfo() : NotCreated<LotStatusInfo>());

    public Task<LotLinks?> GetLinks() => Task.FromResult(Links());

    private LotStatusInfo StatusInfo() => new(LotId, Twin.Item, (StockStatus)Twin.Status, Twin.StatusVersion);

    private LotLinks? Links() => Twin.Created
        ? new LotLinks(LotId, Twin.Item, (StockStatus)Twin.Status, Twin.Parents.Select(ToEdge).ToArray(), Twin.Children.Select(ToEdge).ToArray())
        : null;

    /// <summary>
    /// Tells locations the current status. Unreachable ones stay pending for the next try. With a hold or release
    /// instruction owed, every location of the lot is asked, and their answers (how much of the lot each holds) go
    /// out as the instruction, written with the twin.
    /// </summary>
    private async Task PushStatus(string correlationId)
    {
        var targets = Twin.InstructionTargets.ToArray();
        if (targets.Length == 0 && Twin.OwedInstruction is null)
        {
            return;
        }
        var update = new LotStatusUpdate(LotId, (StockStatus)Twin.Status, Twin.StatusVersion, correlationId);
        var answers = new List<LotQuantityAt>(targets.Length);
        foreach (var location in targets)
        {
            try
            {
                var held = await GrainFactory.GetGrain<IWarehouseLocationGrain>(location).ApplyLotStatus(update);
                Twin.StatusPushed(location);
                answers.Add(new LotQuantityAt(location, held));
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                logger.LogWarning("Lot {Lot} could not tell location {Location} its status {Status} ({Reason}); it will try again", LotId, location, update.Status, FailureReason.Of(error));
                answers.Add(new LotQuantityAt(location, null));
            }
        }
        await _store.Save(Twin.SendInstruction(answers) is { } sent ? [InstructionEvent(sent.Instruction, sent.Locations)] : null);
    }

    private TwinEvent InstructionEvent(OwedQualityInstruction owed, IReadOnlyList<LotQuantityAt> where)
    {
        var meta = new CommandMeta(owed.RequestId, owed.CorrelationId);
        var locations = where.Select(l => new LotQuantityAtLocation(l.LocationId, l.Quantity)).ToArray();
        EventPayload payload = owed.Hold
            ? new QualityHoldInstruction(LotId, Twin.Item, (StockStatus)owed.Status, owed.Reason, owed.ReasonCode, owed.User, Twin.Quantity, Twin.Unit, locations, owed.At)
            : new QualityReleaseInstruction(LotId, Twin.Item, owed.Reason, owed.ReasonCode, owed.User, Twin.Quantity, Twin.Unit, locations, owed.At);
        return TwinEvents.Create(TwinKind.Lot, LotId, Twin.Plant, Twin.Version, meta, owed.Hold ? "hold-instruction" : "release-instruction", owed.At, payload);
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
            all.Add(TwinEvents.Changed(TwinKind.Lot, LotId, Twin.Plant, Twin.Version, meta, _clock.GetUtcNow(), command, Twin.History.Lines[^1].Change));
        }
        await _store.Save(Twin.Created ? all : [], outcome.Succeeded ? UpdateDirectory : null);
        return outcome.ToResult();
    }

    private Task UpdateDirectory()
    {
        var listing = new LotListing(LotId, Twin.Item, Twin.Quantity, Twin.Unit, (StockStatus)Twin.Status, Twin.Hold?.Reason, Twin.Version);
        return _listed.Send(GrainFactory, Twin.Plant, logger, listing.Version, listing with { Version = 0 }, d => d.UpdateLot(listing));
    }

    private TwinEvent Event(CommandMeta meta, string step, EventPayload payload) =>
        TwinEvents.Create(TwinKind.Lot, LotId, Twin.Plant, Twin.Version, meta, step, _clock.GetUtcNow(), payload);

    private LotSnapshot Snapshot() => new(LotId, Twin.Plant, Twin.Item, Twin.Quantity, Twin.Unit,
        new LotOrigin((LotOriginKind)Twin.Origin.Kind, Twin.Origin.Reference), (StockStatus)Twin.Status,
        Twin.Hold is { } h ? new LotHold((StockStatus)h.Status, h.Reason, h.User, h.At, h.ReasonCode) : null,
        Twin.ConsumedQuantity, Twin.Parents.Select(ToEdge).ToArray(), Twin.Children.Select(ToEdge).ToArray(),
        Twin.Locations.ToArray(), Twin.Version);

    private static GenealogyLink ToLink(GenealogyEdge e) => new(e.ParentLotId, e.ChildLotId, (int)e.Relation, e.WorkOrderId, e.Quantity, e.At);

    private static GenealogyEdge ToEdge(GenealogyLink l) => new(l.Parent, l.Child, (GenealogyRelation)l.Relation, l.WorkOrderId, l.Quantity, l.At);
}
