using System.Diagnostics;
using Twin.Benchmarks.Harness;
using Twin.Benchmarks.Scenarios.Baseline;
using Twin.Benchmarks.Scenarios.ErpSync;
using Twin.Benchmarks.Scenarios.PlantScale;
using Twin.Contracts;
using Twin.Hosting.Providers;

namespace Twin.Benchmarks.Scenarios.ErpE2e;

/// <summary>
/// The ERP path end to end, on the PostgreSQL profile with durability on: production reports into work-order twins
/// (grain calls) → the twins' batching publisher → erp-outbox stream (ADO.NET) → ERP sync grain (batch intake, one
/// append per stream item) → twin_erp_outbox → HTTP connector → samples/ErpSimulator as its own process.
/// (1) Transactions booked per second by one silo, several plants at once, checked afterwards: booked = confirmed,
/// per order and in total. (2) WAL bytes per event through the whole path with 0, 10,000 and 1,000,000 transactions
/// already pending (ERP down; the backlog is seeded straight through the store). (3) The drain of that backlog once
/// the ERP is back: 1,000,000 pending is one hour of a plant posting 278 transactions/s.
/// </summary>
public sealed class ErpE2eScenario : IBenchmarkScenario
{
    private const double TargetBookedPerSecond = 20_000;
    private static readonly TimeSpan TargetDrain = TimeSpan.FromMinutes(10);

    public string Name => "erp-e2e";

    public string Description =>
        "ERP end to end on PostgreSQL (durable): work-order reports → twins → stream → ERP sync grain → outbox rows → HTTP → ErpSimulator process; booked/s per silo, WAL bytes/event at 0 / 10k / 1M pending, drain of the 1M backlog";

    public async Task RunAsync(RunMode mode, FigureSink figures, CancellationToken cancellationToken)
    {
        await BaselineScenario.EnsureAsync(BaselineParts.GatewayCalls | BaselineParts.AdoStreams | BaselineParts.AdoStreamsOneByOne, mode, figures, cancellationToken);
        var (plants, ordersPerPlant) = mode.IsSmoke ? (1, 32) : (4, 256);
        var (levels, perLevel) = mode.IsSmoke ? (new long[] { 0, 1_000 }, 256) : (new long[] { 0, 10_000, 1_000_000 }, 10_000);

        await using var postgres = await BenchPostgres.StartAsync(durable: true, cancellationToken);
        var database = await postgres.CreateMigratedDatabaseAsync("twin_erp_e2e", cancellationToken);
        var server = await postgres.DescribeAsync(cancellationToken);
        await using var erp = await ErpProcess.StartAsync(cancellationToken);
        await using var silo = await BenchmarkSilo.StartAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Twin"] = database,
            ["Erp:Connector:BaseUrl"] = erp.BaseUrl,
            // One document per event: this scenario counts transactions through the path (pending = events). With
            // the default posting window (60 s) a work order's reports would become one document per minute.
            ["Erp:Posting:Window"] = "00:00:00",
        }, withPipeline: true, cancellationToken);
        FigureSink.Progress($"silo on {postgres.Label} ({server}), ERP simulator at {erp.BaseUrl}; load average {MachineDescription.ReadLoadAverage()}");

        await MeasureThroughputAsync(silo, erp, plants, ordersPerPlant, mode, figures, cancellationToken);
        await MeasureBacklogAsync(silo, erp, database, levels, perLevel, figures, cancellationToken);
    }

    private async Task MeasureThroughputAsync(BenchmarkSilo silo, ErpProcess erp, int plants, int ordersPerPlant, RunMode mode, FigureSink figures, CancellationToken cancellationToken)
    {
        var feeds = Enumerable.Range(1, plants).Select(p => new ProductionFeed(silo.Grains, $"erp-e2e-{p}", ordersPerPlant)).ToList();
        FigureSink.Progress($"{plants} plants × {ordersPerPlant} released work orders, one report in flight per order");
        foreach (var feed in feeds)
        {
            await feed.PrepareAsync(cancellationToken);
        }

        var (bookedAtStart, _) = await erp.StatsAsync(cancellationToken);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var running = feeds.Select(f => f.RunAsync(stop.Token)).ToList();
        await Task.Delay(mode.Warmup, cancellationToken);
        var (bookedBefore, _) = await erp.StatsAsync(cancellationToken);
        var confirmedBefore = feeds.Sum(f => f.Confirmed);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await Task.Delay(mode.Measure, cancellationToken);
        var (bookedAfter, _) = await erp.StatsAsync(cancellationToken);
        var confirmedAfter = feeds.Sum(f => f.Confirmed);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var seconds = clock.Elapsed.TotalSeconds;
        var load = MachineDescription.ReadLoadAverage();
        await stop.CancelAsync();
        await Task.WhenAll(running);

        // Everything the twins confirmed must reach the ERP, once.
        var confirmed = feeds.Sum(f => f.Confirmed);
        var settle = Stopwatch.StartNew();
        long bookedEnd;
        while (true)
        {
            (bookedEnd, _) = await erp.StatsAsync(cancellationToken);
            var pending = 0L;
            foreach (var feed in feeds)
            {
                pending += (await silo.Grains.GetGrain<IErpSyncGrain>(feed.Plant).GetFigures()).PendingCount;
            }

            if ((bookedEnd - bookedAtStart >= confirmed && pending == 0) || settle.Elapsed > TimeSpan.FromMinutes(5))
            {
                break;
            }

            await Task.Delay(500, cancellationToken);
        }

        var booked = bookedEnd - bookedAtStart;
        var sampled = 0;
        var disagreeing = new List<string>();
        foreach (var feed in feeds)
        {
            // Per order, from the ERP's books: a sample of orders (the audit endpoint scans the whole ledger per call).
            for (var i = 0; i < feed.Orders.Count; i += Math.Max(1, feed.Orders.Count / 8))
            {
                var (byKind, duplicates) = await erp.BookedAsync(feed.Orders[i], cancellationToken);
                var erpGood = byKind.GetValueOrDefault("ProductionConfirmation");
                sampled++;
                if (erpGood != feed.ConfirmedOf(i) || duplicates > 0)
                {
                    disagreeing.Add($"{feed.Orders[i]}: twin confirmed {feed.ConfirmedOf(i)}, ERP booked {erpGood} ({duplicates} twice)");
                }
            }
        }

        var rate = (bookedAfter - bookedBefore) / seconds;
        var intake = (confirmedAfter - confirmedBefore) / seconds;
        var arrays = BaselineScenario.Get(BaselineScenario.AdoStreamsDurableKey);
        var single = BaselineScenario.Get(BaselineScenario.AdoStreamsOneByOneKey);
        figures.Add(Figure.AtLeast(Name, "transactions booked/s per silo", rate, "tx/s", TargetBookedPerSecond,
                $"{feeds.Count} plants, {feeds.Sum(f => f.Orders.Count)} work orders, {seconds:0} s; load average {load}; silo process CPU {cpu.TotalSeconds / seconds * 100:0}% of a core ({cpu.TotalMicroseconds / Math.Max(1, bookedAfter - bookedBefore):0} µs per booked tx)")
            .Beside(arrays, "ADO.NET stream, arrays of 100, durable"));
        figures.Add(Figure.Info(Name, "production reports confirmed by twins/s", intake, "reports/s", "each answered after the twin's write and its events are on the streams")
            .Beside(BaselineScenario.Get(BaselineScenario.GatewayCallsKey), "bare grain calls/s"));
        if (single is { } s && arrays is { } a)
        {
            figures.Add(Figure.Info(Name, "booked/s beside ADO.NET one event per item", rate, "tx/s", $"arrays of 100 carry {a / s:0}× one-by-one in this run")
                .Beside(s, "ADO.NET stream, one by one, durable"));
        }

        figures.Add(Figure.AtMost(Name, "missing or doubled at the ERP", Math.Abs(confirmed - booked) + disagreeing.Count, "tx", 0,
            $"twins confirmed {confirmed:N0}, ERP booked {booked:N0} new documents (settled {settle.Elapsed.TotalSeconds:0} s after the load); {sampled} orders checked one by one{(disagreeing.Count > 0 ? ": " + string.Join("; ", disagreeing.Take(3)) : ", all agree")}"));
    }

    private async Task MeasureBacklogAsync(BenchmarkSilo silo, ErpProcess erp, string database, long[] levels, int perLevel, FigureSink figures, CancellationToken cancellationToken)
    {
        const string plant = "erp-e2e-backlog";
        var feed = new ProductionFeed(silo.Grains, plant, 64);
        await feed.PrepareAsync(cancellationToken);
        var store = new PostgresErpOutboxStore(database);
        await using var _ = store;
        var sync = silo.Grains.GetGrain<IErpSyncGrain>(plant);
        await erp.OutageAsync(down: true, cancellationToken);
        long seeded = 0;
        long driven = 0;
        foreach (var level in levels)
        {
            if (level > seeded)
            {
                FigureSink.Progress($"ERP down; seeding {level - seeded:N0} pending transactions through the store");
                var seedClock = Stopwatch.StartNew();
                for (var from = seeded; from < level; from += 10_000)
                {
                    var chunk = Enumerable.Range(0, (int)Math.Min(10_000, level - from)).Select(i => BenchmarkTransactions.Confirmation(plant, from + i)).ToList();
                    await store.AppendAsync(plant, chunk, DateTimeOffset.UtcNow, cancellationToken);
                }

                seeded = level;
                FigureSink.Progress($"seeded in {seedClock.Elapsed.TotalSeconds:0} s");
            }

            var before = await WalPosition.ReadAsync(database, cancellationToken);
            var perOrder = (driven + perLevel) / feed.Orders.Count;
            await feed.RunAsync(cancellationToken, perOrder);
            var expected = seeded + feed.Confirmed;
            var wait = Stopwatch.StartNew();
            while ((await sync.GetFigures()).PendingCount < expected && wait.Elapsed < TimeSpan.FromMinutes(2))
            {
                await Task.Delay(100, cancellationToken);
            }

            var after = await WalPosition.ReadAsync(database, cancellationToken);
            var events = feed.Confirmed - driven;
            driven = feed.Confirmed;
            var breakdown = await WalBreakdown.ReadAsync(database, before, after, cancellationToken);
            var stateBytes = await WalBreakdown.AverageStateBytesAsync(database, $"{plant}-WO-", cancellationToken);
            figures.Add(Figure.Info(Name, $"WAL bytes per ERP event, {level:N0} pending", (after - before) / (double)events, "B/event",
                $"{events:N0} reports through twin write, twin-changes and erp-outbox stream rows, outbox append; ERP down; {breakdown.Describe(events)}; load average {MachineDescription.ReadLoadAverage()}"));
            figures.Add(Figure.Info(Name, $"WAL full-page images per ERP event, {level:N0} pending", breakdown.FullPageBytes / (double)events, "B/event",
                "8 KB page copies PostgreSQL logs for the first change to a page after each checkpoint (pg_walinspect)"));
            figures.Add(Figure.Info(Name, $"work-order twin stored state, {level:N0} pending", stateBytes.State, "B",
                $"average twin_grain_state payload of the {feed.Orders.Count} orders after {perOrder} reports each, rewritten per report; besides it {stateBytes.Journal:N0} B of journal rows each (remembered requests and history, one row appended per entry, up to their limits)"));
        }

        // The ERP is back: time until the whole backlog is booked (hold-off after the outage included).
        var total = (await sync.GetFigures()).PendingCount;
        var (bookedBefore, _) = await erp.StatsAsync(cancellationToken);
        await erp.OutageAsync(down: false, cancellationToken);
        FigureSink.Progress($"ERP back; draining {total:N0} pending");
        var drain = Stopwatch.StartNew();
        TimeSpan? firstBooking = null;
        long pending;
        do
        {
            await Task.Delay(250, cancellationToken);
            pending = (await sync.GetFigures()).PendingCount;
            if (firstBooking is null && pending < total)
            {
                firstBooking = drain.Elapsed;
            }
        }
        while (pending > 0 && drain.Elapsed < TimeSpan.FromMinutes(30));

        var drained = drain.Elapsed;
        var (bookedAfter, _) = await erp.StatsAsync(cancellationToken);
        var flowing = drained - (firstBooking ?? TimeSpan.Zero);
        var perSecond = (total - pending) / Math.Max(0.001, flowing.TotalSeconds);
        figures.Add(Figure.AtMost(Name, $"drain of {total:N0} pending after the ERP is back", drained.TotalSeconds, "s", TargetDrain.TotalSeconds,
            $"first booking after {firstBooking?.TotalSeconds ?? double.NaN:0.0} s (hold-off after the outage), then {perSecond:N0} tx/s; one plant; {pending:N0} still pending; load average {MachineDescription.ReadLoadAverage()}"));
        figures.Add(Figure.AtMost(Name, "backlog missing or doubled at the ERP", Math.Abs(bookedAfter - bookedBefore - total) + pending, "tx", 0,
            $"ERP booked {bookedAfter - bookedBefore:N0} new documents for {total:N0} pending"));
    }
}
