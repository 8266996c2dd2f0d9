using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Twin.Contracts;
using Twin.Domain.Objectives;
using Twin.Erp.Connector;
using Twin.Grains.Twins;

namespace Twin.Grains.Kpis;

/// <summary>
/// The KPIs and latency objectives of one plant (key = plant id). Holds the objectives' sliding windows in memory
/// (silos report their latencies every few seconds; a restart starts the windows afresh, like any rate), recomputes the
/// KPIs from figures the plant keeps anyway — the ERP queue's bounded counts, the webhook subscriptions' counters, the
/// connections' health, the lots-on-hold list — at most every <see cref="KpiOptions.RefreshInterval"/>, and runs the
/// paged inventory reconciliation on a timer (<see cref="InventoryReconciliation"/>). A request is answered from the
/// last computation: its cost does not depend on how many twins the plant has. The rules are Orleans-free
/// (Twin.Domain.Objectives, Twin.Erp.Stock); this grain gathers and schedules.
/// </summary>
public sealed partial class PlantKpiGrain(
    IOptions<KpiOptions> kpiOptions,
    IOptions<ObjectiveOptions> objectiveOptions,
    IServiceProvider services,
    ILogger<PlantKpiGrain> logger) : Grain, IPlantKpiGrain
{
    private readonly KpiOptions _options = kpiOptions.Value;
    private readonly ObjectiveOptions _objectives = objectiveOptions.Value;
    private readonly TimeProvider _clock = GrainClock.From(services);
    private readonly Dictionary<string, ObjectiveWindow> _windows = [];
    private readonly QualityHoldTracker _holds = new();
    private InventoryReconciliation? _inventory;
    private PlantKpis? _kpis;
    private DateTimeOffset _computedAt;
    private DateTimeOffset _nextHoldScanAt;
    private Task<PlantKpis>? _computing;

    // Parts of the last computation, kept when a source cannot be read for a moment (shown as they were).
    private ErpKpiCounts _erp = new(0, new Dictionary<string, long>(), 0, false, 0);
    private WebhookDeliveriesKpi _webhooks = new(true, 0, 0, 0, 0, null);
    private ConnectionsKpi _connections = new(true, 0, 0, 0, 0, []);

    private string Plant => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var workflow in Workflows.All)
        {
            _windows[workflow] = new ObjectiveWindow(_objectives.Window, _objectives.Slice);
        }

        _inventory = new InventoryReconciliation(Plant, GrainFactory, services.GetService<IErpConnector>(), _options, _clock, logger);
        // The gauges stay current while the grain lives; KeepAlive so a plant nobody asks about still reports them.
        this.RegisterGrainTimer(Refresh, new GrainTimerCreationOptions(_options.RefreshInterval, _options.RefreshInterval) { Interleave = true, KeepAlive = true });
        if (_options.ReconciliationInterval > TimeSpan.Zero)
        {
            this.RegisterGrainTimer(ReconcileOnTimer, new GrainTimerCreationOptions(_options.ReconciliationInterval, _options.ReconciliationInterval) { Interleave = true });
        }

        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        KpiMetrics.Forget(Plant);
        return Task.CompletedTask;
    }

    public async Task<PlantKpis> GetKpis()
    {
        if (_kpis is not null && _clock.GetUtcNow() - _computedAt < _options.RefreshInterval)
        {
            return _kpis;
        }

        return await Compute();
    }

    public Task<IReadOnlyList<ObjectiveReport>> GetObjectives() => Task.FromResult(Objectives(_clock.GetUtcNow()));

    public async Task<InventoryKpi> Reconcile()
    {
        var result = await _inventory!.RunAsync();
        _kpis = null; // the next read shows the new result
        return result;
    }

    public Task AddLatencies(IReadOnlyList<LatencyCounts> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var now = _clock.GetUtcNow();
        foreach (var c in counts)
        {
            if (c is not null && _windows.TryGetValue(c.Workflow, out var window))
            {
                window.Add(LatencyHistogram.From(c.Buckets, c.Met, c.Missed, c.SumSeconds, c.MaxSeconds), now);
            }
        }

        return Task.CompletedTask;
    }

    private async Task Refresh(CancellationToken cancellationToken) => await Compute();

    private async Task ReconcileOnTimer(CancellationToken cancellationToken) => await _inventory!.RunAsync();

    /// <summary>One computation at a time; readers arriving meanwhile share it.</summary>
    private Task<PlantKpis> Compute() => _computing ??= ComputeOnce();

    private async Task<PlantKpis> ComputeOnce()
    {
        try
        {
            var now = _clock.GetUtcNow();
            await Task.WhenAll(ReadErp(), ReadWebhooks(), ReadConnections(), ScanHolds(now));
            var objectives = Objectives(now);
            var delayed = new DelayedConfirmationsKpi(_erp.DelayedConfirmations == 0, _erp.DelayedConfirmations, _objectives.ErpPosting.TotalSeconds, _erp.Capped, _erp.DelayedInOpenWindows);
            var movements = _erp.UnpostedGoodsMovements.Values.Sum();
            var unposted = new UnpostedMovementsKpi(movements == 0, movements, _erp.UnpostedGoodsMovements, _erp.DeadLetters, _erp.Capped);
            var holds = _holds.Kpi(_options.QualityHoldLimit, now);
            var inventory = _inventory!.Current;
            var kpis = new PlantKpis(Plant, now,
                delayed.Ok && unposted.Ok && inventory.Ok && holds.Ok && _webhooks.Ok && _connections.Ok && objectives.All(o => o.Status != "missed"),
                delayed, unposted, inventory, holds, _webhooks, _connections, objectives);
            _kpis = kpis;
            _computedAt = now;
            KpiMetrics.Report(kpis);
            return kpis;
        }
        finally
        {
            _computing = null;
        }
    }

    private IReadOnlyList<ObjectiveReport> Objectives(DateTimeOffset now) => Workflows.All.Select(workflow =>
    {
        var window = _windows[workflow].Over(now);
        var status = ObjectiveVerdict.Of(window, _objectives.Target);
        return new ObjectiveReport(workflow, ObjectiveVerdict.Name(status), _objectives.For(workflow).TotalSeconds, _objectives.Target,
            _objectives.Window.TotalSeconds, window.Count, window.Met, window.Missed, ObjectiveVerdict.Compliance(window),
            window.Percentile(0.5), window.Percentile(0.9), window.Percentile(0.99), window.Count == 0 ? null : window.Max);
    }).ToList();

    private async Task ReadErp()
    {
        try
        {
            _erp = await GrainFactory.GetGrain<IErpSyncGrain>(Plant).GetKpiCounts(_objectives.ErpPosting);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            LogSourceFailed(Plant, "the ERP queue", FailureReason.Of(error));
        }
    }

    private async Task ReadWebhooks()
    {
        try
        {
            var subscriptions = await GrainFactory.GetGrain<IWebhookRegistryGrain>(Plant).List();
            var deliveries = await Task.WhenAll(subscriptions.Select(s =>
                GrainFactory.GetGrain<IWebhookSubscriptionGrain>(WebhookKeys.Of(Plant, s.Id)).GetDeliveries(1)));
            var figures = deliveries.OfType<WebhookDeliveries>().Select(d => d.Figures).ToList();
            var dead = figures.Sum(f => (long)f.DeadLetters);
            var failing = figures.Count(f => f.DeadLetters > 0 || (f.Pending > 0 && f.LastFailure is not null));
            var oldest = figures.Where(f => f.OldestPendingAge is not null).Select(f => f.OldestPendingAge!.Value.TotalSeconds).DefaultIfEmpty().Max();
            _webhooks = new WebhookDeliveriesKpi(dead == 0 && failing == 0, figures.Count, dead, failing, figures.Sum(f => (long)f.Pending),
                figures.Any(f => f.OldestPendingAge is not null) ? oldest : null);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            LogSourceFailed(Plant, "the webhook subscriptions", FailureReason.Of(error));
        }
    }

    private async Task ReadConnections()
    {
        try
        {
            var connections = await GrainFactory.GetGrain<IPlantIngestGrain>(Plant).GetConnections();
            var gaps = connections.Count(c => c.Gaps > 0);
            var overflow = connections.Count(c => c.OverflowedValues > 0);
            var down = connections.Count(c => c.State != "Connected");
            var degraded = connections.Where(c => c.Gaps > 0 || c.OverflowedValues > 0 || c.State != "Connected").Select(c => c.ConnectionId).ToList();
            _connections = new ConnectionsKpi(degraded.Count == 0, connections.Count, gaps, overflow, down, degraded);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            LogSourceFailed(Plant, "the OPC UA connections", FailureReason.Of(error));
        }
    }

    /// <summary>Lists the lots on hold (pages of the directory) at most every <see cref="KpiOptions.HoldScanInterval"/>; a new hold's time is read once from its lot.</summary>
    private async Task ScanHolds(DateTimeOffset now)
    {
        if (now < _nextHoldScanAt)
        {
            return;
        }

        _nextHoldScanAt = now + _options.HoldScanInterval;
        try
        {
            var directory = GrainFactory.GetGrain<IPlantDirectoryGrain>(Plant);
            var held = new List<string>();
            string? after = null;
            do
            {
                var page = await directory.PageLotsOnHold(after, Math.Min(ListingPaging.MaxPageSize, _options.MaxHeldLots - held.Count));
                held.AddRange(page.Items.Select(l => l.LotId));
                after = page.Next;
            }
            while (after is not null && held.Count < _options.MaxHeldLots);

            var unknown = _holds.Keep(held);
            foreach (var chunk in unknown.Chunk(100))
            {
                var lots = await Task.WhenAll(chunk.Select(id => GrainFactory.GetGrain<ILotGrain>(id).GetSnapshot()));
                foreach (var lot in lots)
                {
                    if (lot?.Hold is { } hold && lot.Plant == Plant)
                    {
                        _holds.Since(lot.LotId, hold.At);
                    }
                }
            }
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            LogSourceFailed(Plant, "the lots on hold", FailureReason.Of(error));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Plant {Plant}: KPIs could not read {Source} ({Reason}); its figures are shown as last read")]
    private partial void LogSourceFailed(string plant, string source, string reason);
}
