using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Twin.Contracts;
using Twin.Erp.Inbound;

namespace Twin.Grains.Erp;

/// <summary>
/// Production orders flowing in for one plant (key = plant id). A grain timer runs <see cref="ErpOrderPoller"/> every
/// <c>Erp:Inbound:PollInterval</c> (never two polls at once: the grain is not reentrant); each order goes to its
/// work-order twin as <see cref="SyncWorkOrderFromErp"/> with a request id of (ERP order, change time), and the watermark
/// is written to durable grain state after every page, so a restarted or moved poller resumes where it stood. A reminder
/// brings it back after a crash. A plant not named in <c>Erp:Inbound:Plants</c>, or a silo without an order-reading
/// connector, polls nothing.
/// </summary>
public sealed partial class ErpOrderPollerGrain(
    [PersistentState("erp-orders", TwinProviders.DurableStorage)] IPersistentState<ErpOrderPollerState> state,
    IOptions<ErpInboundOptions> options,
    IServiceProvider services,
    ILogger<ErpOrderPollerGrain> logger) : Grain, IErpOrderPollerGrain, IRemindable
{
    private const string KeepAliveReminder = "erp-orders-keep-alive";
    private static readonly TimeSpan KeepAlivePeriod = TimeSpan.FromMinutes(1);

    private readonly ErpOrderPoller? _poller = services.GetService<ErpOrderPoller>();
    private readonly TimeProvider _clock = services.GetService<TimeProvider>() ?? TimeProvider.System;
    private ErpPollFailureLog? _failureLog;
    private string? _lastFailure;
    private IReadOnlyList<string> _lastProblems = [];

    private string Plant => this.GetPrimaryKeyString();

    private bool Enabled => _poller is not null && options.Value.Plants.Contains(Plant, StringComparer.Ordinal);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return;
        }

        this.RegisterGrainTimer(Poll, new GrainTimerCreationOptions(TimeSpan.Zero, options.Value.PollInterval));
        await this.RegisterOrUpdateReminder(KeepAliveReminder, KeepAlivePeriod, KeepAlivePeriod);
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask; // activation is the point

    public Task Wake() => Task.CompletedTask;

    public async Task<ErpOrderPollFigures> PollNow()
    {
        await Poll(CancellationToken.None);
        return Figures();
    }

    public Task<ErpOrderPollFigures> GetFigures() => Task.FromResult(Figures());

    private async Task Poll(CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return;
        }

        var s = state.State;
        var saved = s.WatermarkChangedAt is { } at ? new ErpOrderWatermark(at, s.WatermarkOrder ?? string.Empty) : null;
        ErpPollResult result;
        try
        {
            result = await _poller!.PollAsync(Plant, saved, Apply, SaveWatermark, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The watermark could not be written: the orders after the last written one are read again next time.
            _lastFailure = $"the watermark could not be saved: {ex.Message}";
            FailureLog.Failed(_lastFailure);
            return;
        }

        _lastFailure = result.Failure;
        if (result.Problems.Count > 0)
        {
            _lastProblems = result.Problems;
        }

        s = state.State;
        state.State = s with
        {
            Polls = s.Polls + 1,
            Requests = s.Requests + result.Requests,
            Created = s.Created + result.Created,
            Updated = s.Updated + result.Updated,
            Unchanged = s.Unchanged + result.Unchanged,
            Ignored = s.Ignored + result.Ignored,
            Refused = s.Refused + result.Refused,
            LastPolledAt = _clock.GetUtcNow(),
        };
        if (result.Created + result.Updated + result.Refused > 0)
        {
            await state.WriteStateAsync(cancellationToken);
            LogPolled(Plant, result.Created, result.Updated, result.Refused, result.Watermark?.ToString());
        }

        foreach (var problem in result.Problems)
        {
            LogRefused(Plant, problem);
        }

        if (result.Failure is { } failure)
        {
            FailureLog.Failed(failure);
        }
        else
        {
            FailureLog.Succeeded();
        }
    }

    // Made on first use: Plant (the grain key) is not known in the constructor's field initializers.
    private ErpPollFailureLog FailureLog => _failureLog ??= new ErpPollFailureLog(Plant, options.Value.FailureLogInterval, _clock, logger);

    private async Task<(ErpOrderApplied, string?)> Apply(TwinOrderImport order)
    {
        var command = new SyncWorkOrderFromErp(
            new CommandContext($"erp-order:{order.ErpOrder}:{order.ChangedAt.UtcTicks}", $"erp-order:{order.ErpOrder}", "erp"),
            order.Plant, order.ErpOrder, order.Item, order.PlannedQuantity, order.Unit, (ErpOrderPhase)order.State, order.ChangedAt,
            order.Routing.Select(r => new RoutingOperation(r.Sequence, r.WorkCentre, null, r.StandardCycleTime)).ToArray(),
            order.Components.Select(c => new ComponentRequirement(c.Item, c.Quantity, c.Unit, c.LocationId, c.OperationSequence)).ToArray());
        var answer = await GrainFactory.GetGrain<IWorkOrderGrain>(order.WorkOrderId).SyncFromErp(command);
        return ((ErpOrderApplied)answer.Outcome, answer.Reason);
    }

    private Task SaveWatermark(ErpOrderWatermark watermark)
    {
        state.State = state.State with { WatermarkChangedAt = watermark.ChangedAt, WatermarkOrder = watermark.Order };
        return state.WriteStateAsync();
    }

    private ErpOrderPollFigures Figures()
    {
        var s = state.State;
        return new ErpOrderPollFigures(Plant, Enabled, s.WatermarkChangedAt, s.WatermarkOrder, s.Polls, s.Requests, s.Created, s.Updated,
            s.Unchanged, s.Ignored, s.Refused, s.LastPolledAt, _lastFailure, _lastProblems);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "ERP orders of plant {Plant}: {Created} new, {Updated} changed, {Refused} refused (watermark {Watermark})")]
    private partial void LogPolled(string plant, int created, int updated, int refused, string? watermark);

    [LoggerMessage(Level = LogLevel.Warning, Message = "ERP orders of plant {Plant}: {Problem}")]
    private partial void LogRefused(string plant, string problem);
}
