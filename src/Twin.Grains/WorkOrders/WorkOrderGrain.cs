using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Twin.Domain;
using Twin.Domain.WorkOrders;
using Twin.Grains.Publishing;
using Twin.Grains.Twins;

namespace Twin.Grains.WorkOrders;

/// <summary>
/// Work order twin shell. Consumption and output receipts involve other twins: the work order checks its own
/// rules first, asks the location (and lots) with request ids derived from its own, and books its part last.
/// A retry after a crash in between repeats the derived calls, which the other twins answer from memory.
/// </summary>
public sealed class WorkOrderGrain(
    [PersistentState("work-order", TwinProviders.Storage)] IPersistentState<TwinGrainState> state,
    IOptions<TwinOptions> options,
    IServiceProvider services,
    ILogger<WorkOrderGrain> logger) : Grain, IWorkOrderGrain
{
    private readonly TimeProvider _clock = GrainClock.From(services);
    private readonly DirectoryListing<WorkOrderListing> _listed = new();
    private TwinStore<WorkOrderTwin> _store = null!;

    private WorkOrderTwin Twin => _store.Twin;
    private string WorkOrderId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Journaled: a report appends its ledger outcome and history line as rows instead of rewriting up to 1,000
        // outcomes and 200 lines (98-177 KB per report in erp-e2e before).
        _store = new TwinStore<WorkOrderTwin>(state, services.GetRequiredService<TwinEventPublisher>(), logger, options.Value,
            journaled: TwinStore<WorkOrderTwin>.UsesJournal(services));
        _store.Load(GrainContext);
        await _store.PublishPending();
    }

    public async Task<CommandResult> Create(CreateWorkOrder command)
    {
        if (TwinMapping.Invalid(command.Context, (WorkOrderId, "work order id"), (command.Plant, "plant id"), (command.Item, "item id")) is { } invalid)
        {
            return invalid;
        }
        var routing = (command.Routing ?? []).Select(r => new RoutingStep(r.Sequence, r.WorkCentre, r.MachineId, r.StandardCycleTime)).ToArray();
        if (routing.Select(r => r.MachineId).FirstOrDefault(m => m is not null && !TwinIds.IsValid(m)) is { } badMachine)
        {
            return CommandResult.Fail(command.Context.RequestId, TwinErrorCodes.InvalidId, TwinIds.Problem(badMachine, "routing machine id")!, 0);
        }
        var meta = command.Context.ToMeta();
        var now = _clock.GetUtcNow();
        var outcome = Twin.Execute(meta, now, nameof(Create), () => Twin.Create(command.Plant, command.Item, command.PlannedQuantity,
            command.Unit, routing, command.OverDeliveryTolerancePercent, now));
        return await Finish(outcome, meta, nameof(Create));
    }

    public async Task<CommandResult> ChangeStatus(ChangeWorkOrderStatus command)
    {
        if (TwinMapping.Invalid(command.Context) is { } invalid)
        {
            return invalid;
        }
        var meta = command.Context.ToMeta();
        var now = _clock.GetUtcNow();
        var from = Twin.Status;
        var outcome = Twin.Execute(meta, now, nameof(ChangeStatus), () => Twin.MoveTo((OrderStatus)command.Status, now)
            + (string.IsNullOrWhiteSpace(command.Reason) ? "" : $": {command.Reason}"));
        return await Finish(outcome, meta, nameof(ChangeStatus),
            [StatusEvent(meta, from, "status", command.Reason)]);
    }

    public async Task<CommandResult> ReportProduction(ReportProduction command)
    {
        if (TwinMapping.Invalid(command.Context) is { } invalid)
        {
            return invalid;
        }
        if (command.MachineId is { } machine && TwinIds.Problem(machine, "machine id") is { } problem)
        {
            return CommandResult.Fail(command.Context.RequestId, TwinErrorCodes.InvalidId, problem, 0);
        }
        var meta = command.Context.ToMeta();
        var now = _clock.GetUtcNow();
        var from = Twin.Status;
        var outcome = Twin.Execute(meta, now, nameof(ReportProduction), () => Twin.Report(command.OperationSequence, command.Good, command.Scrap, now));
        var events = new List<TwinEvent?>();
        if (command.Good > 0)
        {
            events.Add(Event(meta, "good", new ProductionReported(WorkOrderId, command.OperationSequence, Twin.Item, command.Good, Twin.Unit, command.MachineId)));
        }
        if (command.Scrap > 0)
        {
            events.Add(Event(meta, "scrap", new ScrapReported(WorkOrderId, command.OperationSequence, Twin.Item, command.Scrap, Twin.Unit,
                command.ScrapReason, command.MachineId)));
        }
        events.Add(StatusEvent(meta, from, "status", null));
        return await Finish(outcome, meta, nameof(ReportProduction), events);
    }

    public async Task<CommandResult> ConsumeMaterial(ConsumeMaterial command)
    {
        if (TwinMapping.Invalid(command.Context, (command.Item, "item id"), (command.LotId, "lot id"), (command.SourceLocationId, "location id")) is { } invalid)
        {
            return invalid;
        }
        var meta = command.Context.ToMeta();
        if (Twin.Replay(meta) is { } prior)
        {
            return prior.ToResult();
        }
        var now = _clock.GetUtcNow();
        const string name = nameof(ConsumeMaterial);
        if (Check(meta, name, () =>
            {
                Twin.CheckConsumption(command.Item, command.Quantity);
                if (command.OperationSequence is { } sequence)
                {
                    Twin.Operation(sequence);
                }
            }) is { } rejected)
        {
            return await Finish(rejected, meta, name);
        }
        var issued = await GrainFactory.GetGrain<IWarehouseLocationGrain>(command.SourceLocationId).Issue(new IssueStock(
            command.Context.Derive("issue"), command.Item, command.LotId, command.Quantity, IssuePurpose.Production, WorkOrderId));
        if (!issued.Succeeded)
        {
            return await Finish(Twin.Reject(meta, now, name, issued.Error!.Code, issued.Error.Message), meta, name);
        }
        var lotBooked = await GrainFactory.GetGrain<ILotGrain>(command.LotId).RecordOutflow(new LotOutflow(
            command.Context.Derive("lot"), LotOutflowKind.Consumption, command.Quantity, null, WorkOrderId));
        var from = Twin.Status;
        var outcome = Twin.Execute(meta, now, name, () => Twin.Consume(new Consumption(command.Item, command.LotId, command.Quantity,
            command.SourceLocationId, command.OperationSequence, now), now)
            + (lotBooked.Succeeded ? "" : $" (lot twin did not book it: {lotBooked.Error?.Code})"));
        return await Finish(outcome, meta, name,
        [
            Event(meta, "consumed", new MaterialConsumed(WorkOrderId, command.Item, command.LotId, command.Quantity, Twin.Unit, command.SourceLocationId)),
            StatusEvent(meta, from, "status", null),
        ]);
    }

    public async Task<CommandResult> ReceiveOutput(ReceiveOutput command)
    {
        if (TwinMapping.Invalid(command.Context, (command.LotId, "lot id"), (command.LocationId, "location id")) is { } invalid)
        {
            return invalid;
        }
        if (command.HandlingUnitId is { } unit && TwinIds.Problem(unit, "handling unit id") is { } badUnit)
        {
            return CommandResult.Fail(command.Context.RequestId, TwinErrorCodes.InvalidId, badUnit, Twin.Version);
        }
        var meta = command.Context.ToMeta();
        if (Twin.Replay(meta) is { } prior)
        {
            return prior.ToResult();
        }
        var now = _clock.GetUtcNow();
        const string name = nameof(ReceiveOutput);
        if (Check(meta, name, () => Twin.CheckReceipt(command.Quantity)) is { } rejected)
        {
            return await Finish(rejected, meta, name);
        }
        var edges = Twin.ConsumedLots()
            .Select(c => new GenealogyEdge(c.LotId, command.LotId, GenealogyRelation.Consumed, WorkOrderId, c.Quantity, now))
            .ToArray();
        var received = await GrainFactory.GetGrain<IWarehouseLocationGrain>(command.LocationId).Receive(new ReceiveStock(
            command.Context.Derive("receive"), Twin.Item, command.LotId, command.Quantity, Twin.Unit,
            new LotOrigin(LotOriginKind.WorkOrder, WorkOrderId), edges, command.HandlingUnitId));
        if (!received.Succeeded)
        {
            return await Finish(Twin.Reject(meta, now, name, received.Error!.Code, received.Error.Message), meta, name);
        }
        foreach (var edge in edges)
        {
            // Forward genealogy on the consumed lots; a lot that refuses still has the backward edge on the output lot.
            var linked = await GrainFactory.GetGrain<ILotGrain>(edge.ParentLotId).LinkChildren(
                new LotChildLinks(command.Context.Derive($"link-{edge.ParentLotId}"), [edge]));
            if (!linked.Succeeded)
            {
                logger.LogWarning("Lot {Lot} did not record it went into {Output}: {Code}", edge.ParentLotId, command.LotId, linked.Error?.Code);
            }
        }
        var from = Twin.Status;
        var outcome = Twin.Execute(meta, now, name, () => Twin.Receive(new Receipt(command.LotId, command.Quantity, command.LocationId, now), now));
        return await Finish(outcome, meta, name, [StatusEvent(meta, from, "status", null)]);
    }

    public async Task<ErpOrderSyncAnswer> SyncFromErp(SyncWorkOrderFromErp command)
    {
        if (TwinMapping.Invalid(command.Context, (WorkOrderId, "work order id"), (command.Plant, "plant id"), (command.Item, "item id")) is { } invalid)
        {
            return new ErpOrderSyncAnswer(ErpOrderSyncOutcome.Refused, Twin.Version, invalid.Error?.Message);
        }

        var version = new ErpOrderVersion(command.Plant, command.ErpOrder, command.Item, command.PlannedQuantity, command.Unit, (ErpPhase)command.Phase,
            command.ChangedAt,
            (command.Routing ?? []).Select(r => new RoutingStep(r.Sequence, r.WorkCentre, r.MachineId, r.StandardCycleTime)).ToArray(),
            (command.Components ?? []).Select(c => new ComponentLine(c.Item, c.Quantity, c.Unit, c.LocationId, c.OperationSequence)).ToArray());
        if (!Twin.Created && !ErpOrderRules.Creates(version))
        {
            DeactivateOnIdle();
            return new ErpOrderSyncAnswer(ErpOrderSyncOutcome.Ignored, 0, $"ERP order {command.ErpOrder} is {command.Phase}; only released orders become twins");
        }

        // Polls read the last minutes again (late commits): a version the twin holds costs a comparison, no write.
        if (Twin.Created && Twin.ErpChangedAt is { } held && held >= command.ChangedAt)
        {
            return new ErpOrderSyncAnswer(ErpOrderSyncOutcome.Unchanged, Twin.Version);
        }

        var created = !Twin.Created;
        var meta = command.Context.ToMeta();
        var now = _clock.GetUtcNow();
        var from = Twin.Status;
        var outcome = Twin.Execute(meta, now, nameof(SyncFromErp), () => ErpOrderRules.Apply(Twin, version, now));
        var result = await Finish(outcome, meta, nameof(SyncFromErp), [StatusEvent(meta, from, "status", $"ERP order {command.ErpOrder}: {command.Phase}")]);
        return result switch
        {
            { Duplicate: true } => new ErpOrderSyncAnswer(ErpOrderSyncOutcome.Unchanged, result.Version),
            { Succeeded: true } => new ErpOrderSyncAnswer(created ? ErpOrderSyncOutcome.Created : ErpOrderSyncOutcome.Updated, result.Version),
            _ => new ErpOrderSyncAnswer(ErpOrderSyncOutcome.Refused, result.Version, $"{result.Error?.Code}: {result.Error?.Message}"),
        };
    }

    public Task<WorkOrderSnapshot?> GetSnapshot() => Task.FromResult(Twin.Created ? Snapshot() : NotCreated<WorkOrderSnapshot>());

    // A read of a twin that was never created answers null (404) and does not keep an empty activation around.
    private T? NotCreated<T>() where T : class
    {
        DeactivateOnIdle();
        return null;
    }

    public Task<IReadOnlyList<HistoryEntry>> GetHistory(int max = 100) => Task.FromResult(Twin.History(max));

    private CommandOutcome? Check(CommandMeta meta, string command, Action check)
    {
        try
        {
            check();
            return null;
        }
        catch (DomainRuleException rule)
        {
            return Twin.Reject(meta, _clock.GetUtcNow(), command, rule.Code, rule.Message);
        }
    }

    private async Task<CommandResult> Finish(CommandOutcome outcome, CommandMeta meta, string command, IEnumerable<TwinEvent?>? events = null)
    {
        if (outcome.Duplicate)
        {
            return outcome.ToResult();
        }
        var all = outcome.Succeeded ? (events ?? []).OfType<TwinEvent>().ToList() : [];
        if (outcome.Succeeded)
        {
            all.Add(TwinEvents.Changed(TwinKind.WorkOrder, WorkOrderId, Twin.Plant, Twin.Version, meta, _clock.GetUtcNow(), command,
                Twin.History.Lines[^1].Change));
        }
        await _store.Save(Twin.Created ? all : [], outcome.Succeeded ? UpdateDirectory : null);
        return outcome.ToResult();
    }

    // Only when a listed field changed: a production report changes none of them.
    private Task UpdateDirectory()
    {
        var listing = new WorkOrderListing(WorkOrderId, Twin.Item, (WorkOrderStatus)Twin.Status, Twin.PlannedQuantity, Twin.ReceivedQuantity,
            Twin.Unit, Twin.Version);
        return _listed.Send(GrainFactory, Twin.Plant, logger, listing.Version, listing with { Version = 0 }, d => d.UpdateWorkOrder(listing));
    }

    private TwinEvent Event(CommandMeta meta, string step, EventPayload payload) =>
        TwinEvents.Create(TwinKind.WorkOrder, WorkOrderId, Twin.Plant, Twin.Version, meta, step, _clock.GetUtcNow(), payload);

    /// <summary>A status event when the command moved the lifecycle (explicitly or by the first report), else null.</summary>
    private TwinEvent? StatusEvent(CommandMeta meta, OrderStatus from, string step, string? reason) =>
        from == Twin.Status ? null
        : Event(meta, step, new WorkOrderStatusChanged(WorkOrderId, (WorkOrderStatus)from, (WorkOrderStatus)Twin.Status, reason));

    private WorkOrderSnapshot Snapshot() => new(WorkOrderId, Twin.Plant, Twin.Item, Twin.PlannedQuantity, Twin.Unit,
        (WorkOrderStatus)Twin.Status, Twin.StatusSince, Twin.OverDeliveryTolerancePercent,
        Twin.Operations.Select(o => new OperationProgress(o.Sequence, o.WorkCentre, o.MachineId, o.StandardCycleTime, o.Good, o.Scrap)).ToArray(),
        Twin.Consumptions.Select(c => new MaterialConsumption(c.Item, c.LotId, c.Quantity, c.SourceLocationId, c.OperationSequence, c.At)).ToArray(),
        Twin.Receipts.Select(r => new OutputReceipt(r.LotId, r.Quantity, r.LocationId, r.At)).ToArray(),
        Twin.ReceivedQuantity, Twin.Version,
        Twin.Components.Select(c => new ComponentRequirement(c.Item, c.Quantity, c.Unit, c.LocationId, c.OperationSequence)).ToArray(),
        Twin.ErpOrder, Twin.ErpChangedAt);
}
