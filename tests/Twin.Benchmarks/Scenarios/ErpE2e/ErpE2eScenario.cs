using System.Diagnostics;
using System.Globalization;
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
/// With <see cref="PostingWindow"/> above zero (option --posting-window) the same path runs with posting windows:
/// events are staged one row each and sealed into one document per work-order operation per window; the figures
/// count source events (what the twins confirmed), the backlog levels are pending events in sealed documents
/// (<see cref="WindowedBacklog"/>), and the drain is that of a simulated one-hour outage at plant rate.
/// With <see cref="ProfileStatements"/> (option --pg-statements) the private server loads pg_stat_statements and the
/// throughput window is followed by where PostgreSQL's time went (<see cref="PostgresTimeProfile"/>).
/// </summary>
public sealed class ErpE2eScenario : IBenchmarkScenario
{
    private const double TargetBookedPerSecond = 20_000;
    private static readonly TimeSpan TargetDrain = TimeSpan.FromMinutes(10);

    /// <summary>Erp:Posting:Window of the silo; zero (the default here) is one document per event.</summary>
    public static TimeSpan PostingWindow { get; set; } = TimeSpan.Zero;

    public static bool ProfileStatements { get; set; }

    /// <summary>Only the throughput window (option --throughput-only): the backlog levels and the drain take ~10 minutes.</summary>
    public static bool ThroughputOnly { get; set; }

    private static bool Windows => PostingWindow > TimeSpan.Zero;

    /// <summary>Figure names carry the window when it is on, so both variants can stand in one table.</summary>
    private static string Named(string figure) =>
        Windows ? string.Create(CultureInfo.InvariantCulture, $"{figure} (window {PostingWindow.TotalSeconds:0} s)") : figure;

    public string Name => "erp-e2e";

    public string Description =>
        "ERP end to end on PostgreSQL (durable): work-order reports → twins → stream → ERP sync grain → outbox rows → HTTP → ErpSimulator process; booked/s per silo, WAL bytes/event at 0 / 10k / 1M pending, drain of the 1M backlog";

    public async Task RunAsync(RunMode mode, FigureSink figures, CancellationToken cancellationToken)
    {
        await BaselineScenario.EnsureAsync(BaselineParts.GatewayCalls | BaselineParts.AdoStreams | BaselineParts.AdoStreamsOneByOne, mode, figures, cancellationToken);
        var (plants, ordersPerPlant) = mode.IsSmoke ? (1, 32) : (4, 256);
        var (levels, perLevel) = mode.IsSmoke ? (new long[] { 0, 1_000 }, 256) : (new long[] { 0, 10_000, 1_000_000 }, 10_000);

        await using var postgres = await BenchPostgres.StartAsync(durable: true, cancellationToken, statements: ProfileStatements);
        var database = await postgres.CreateMigratedDatabaseAsync("twin_erp_e2e", cancellationToken);
        var server = await postgres.DescribeAsync(cancellationToken);
        await using var erp = await ErpProcess.StartAsync(cancellationToken);
        await using var silo = await BenchmarkSilo.StartAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Twin"] = database,
            ["Erp:Connector:BaseUrl"] = erp.BaseUrl,
            // Zero by default: one document per event, so the scenario counts transactions through the path (pending
            // = events). With a window (the product's default is 60 s) a work order's reports become one document per
            // window, and the figures count source events.
            ["Erp:Posting:Window"] = PostingWindow.ToString("c", CultureInfo.InvariantCulture),
        }, withPipeline: true, cancellationToken);
        FigureSink.Progress($"silo on {postgres.Label} ({server}), ERP simulator at {erp.BaseUrl}; posting window {PostingWindow.TotalSeconds:0} s; load average {MachineDescription.ReadLoadAverage()}");

        await MeasureThroughputAsync(silo, erp, postgres, database, plants, ordersPerPlant, mode, figures, cancellationToken);
        if (!ThroughputOnly)
        {
            await MeasureBacklogAsync(silo, erp, database, levels, perLevel, figures, cancellationToken);
        }
    }

    private async Task MeasureThroughputAsync(BenchmarkSilo silo, ErpProcess erp, BenchPostgres postgres, string database, int plants, int ordersPerPlant, RunMode mode, FigureSink figures, CancellationToken cancellationToken)
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
        var serverCpuBefore = ProfileStatements ? await PostgresTimeProfile.ResetAsync(database, postgres.PostmasterPid, cancellationToken) : 0;
        var (bookedBefore, _) = await erp.StatsAsync(cancellationToken);
        var takenBefore = Windows ? await StagedAsync(database, feeds, cancellationToken) : 0;
        var confirmedBefore = feeds.Sum(f => f.Confirmed);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await Task.Delay(mode.Measure, cancellationToken);
        var (bookedAfter, _) = await erp.StatsAsync(cancellationToken);
        var takenAfter = Windows ? await StagedAsync(database, feeds, cancellationToken) : 0;
        var confirmedAfter = feeds.Sum(f => f.Confirmed);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var seconds = clock.Elapsed.TotalSeconds;
        var load = MachineDescription.ReadLoadAverage();
        var profile = ProfileStatements ? await PostgresTimeProfile.ReadAsync(database, postgres.PostmasterPid, serverCpuBefore, cancellationToken) : null;
        await stop.CancelAsync();
        await Task.WhenAll(running);

        // Everything the twins confirmed must reach the ERP, once: as documents (one per event), or, with windows, as
        // source events carried by booked documents (after the last window closes).
        var confirmed = feeds.Sum(f => f.Confirmed);
        var settle = Stopwatch.StartNew();
        long bookedEnd;
        long sourcesBooked;
        while (true)
        {
            (bookedEnd, _) = await erp.StatsAsync(cancellationToken);
            var pending = 0L;
            sourcesBooked = 0;
            foreach (var feed in feeds)
            {
                var f = await silo.Grains.GetGrain<IErpSyncGrain>(feed.Plant).GetFigures();
                pending += f.PendingCount + f.StagedSources;
                sourcesBooked += f.SourcesBooked;
            }

            var done = Windows ? sourcesBooked >= confirmed : bookedEnd - bookedAtStart >= confirmed;
            if ((done && pending == 0) || settle.Elapsed > PostingWindow + TimeSpan.FromMinutes(5))
            {
                break;
            }

            await Task.Delay(500, cancellationToken);
        }

        var documentsBooked = bookedEnd - bookedAtStart;
        var booked = Windows ? sourcesBooked : documentsBooked;
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

        // With windows the path's rate is the events the ERP sync took into its outbox (staged rows, durable before the
        // stream item is acknowledged); the documents follow once a window closes.
        var measured = Windows ? takenAfter - takenBefore : bookedAfter - bookedBefore;
        var rate = measured / seconds;
        var intake = (confirmedAfter - confirmedBefore) / seconds;
        var arrays = BaselineScenario.Get(BaselineScenario.AdoStreamsDurableKey);
        var single = BaselineScenario.Get(BaselineScenario.AdoStreamsOneByOneKey);
        var rateName = Windows ? Named("events taken into the ERP outbox/s per silo") : "transactions booked/s per silo";
        figures.Add(Figure.AtLeast(Name, rateName, rate, "tx/s", TargetBookedPerSecond,
                $"{feeds.Count} plants, {feeds.Sum(f => f.Orders.Count)} work orders, {seconds:0} s; load average {load}; silo process CPU {cpu.TotalSeconds / seconds * 100:0}% of a core ({cpu.TotalMicroseconds / Math.Max(1, measured):0} µs per tx)"
                + (profile is null ? "" : $"; PostgreSQL processes CPU {profile.CpuSeconds / seconds * 100:0}% of a core ({profile.CpuSeconds * 1e6 / Math.Max(1, measured):0} µs per tx); pg_stat_statements loaded"))
            .Beside(arrays, "ADO.NET stream, arrays of 100, durable"));
        figures.Add(Figure.Info(Name, Named("production reports confirmed by twins/s"), intake, "reports/s", "each answered after the twin's write and its events are on the streams")
            .Beside(BaselineScenario.Get(BaselineScenario.GatewayCallsKey), "bare grain calls/s"));
        if (single is { } s && arrays is { } a)
        {
            figures.Add(Figure.Info(Name, Named("booked/s beside ADO.NET one event per item"), rate, "tx/s", $"arrays of 100 carry {a / s:0}× one-by-one in this run")
                .Beside(s, "ADO.NET stream, one by one, durable"));
        }

        if (Windows)
        {
            figures.Add(Figure.Info(Name, Named("ERP documents per 1,000 events"), documentsBooked * 1000.0 / Math.Max(1, booked), "documents",
                $"{documentsBooked:N0} documents booked for {booked:N0} events of {feeds.Sum(f => f.Orders.Count)} work orders"));
        }

        figures.Add(Figure.AtMost(Name, Named("missing or doubled at the ERP"), Math.Abs(confirmed - booked) + disagreeing.Count, "tx", 0,
            $"twins confirmed {confirmed:N0}, ERP booked {booked:N0} {(Windows ? $"events in {documentsBooked:N0} new documents" : "new documents")} (settled {settle.Elapsed.TotalSeconds:0} s after the load); {sampled} orders checked one by one (booked quantity = confirmed){(disagreeing.Count > 0 ? ": " + string.Join("; ", disagreeing.Take(3)) : ", all agree")}"));
        if (profile is not null)
        {
            AddProfile(profile, measured, seconds, figures);
        }
    }

    /// <summary>Where PostgreSQL's time went in the throughput window, per transaction, printed and as figures.</summary>
    private void AddProfile(PostgresTimeProfile profile, long transactions, double seconds, FigureSink figures)
    {
        FigureSink.Progress($"PostgreSQL in the throughput window ({seconds:0} s, {transactions:N0} tx): statements executing {profile.ExecutionMs / 1000 / seconds * 100:0} % of a backend-second per second, "
            + $"{profile.WalSyncs:N0} WAL flushes ({profile.WalSyncMs / Math.Max(1, profile.WalSyncs):0.00} ms each, {profile.WalSyncs / (double)Math.Max(1, transactions):0.000} per tx), CPU {profile.CpuSeconds / seconds * 100:0} % of a core");
        foreach (var line in profile.Describe(transactions))
        {
            FigureSink.Progress(line);
        }

        var top = string.Join("; ", profile.Statements.Take(4).Select(st =>
            string.Create(CultureInfo.InvariantCulture, $"{st.TotalMs / Math.Max(profile.ExecutionMs, 0.001) * 100:0} % {PostgresTimeProfile.Short(st.Query)[..Math.Min(60, PostgresTimeProfile.Short(st.Query).Length)]}")));
        figures.Add(Figure.Info(Name, Named("PostgreSQL statement time per tx"), profile.ExecutionMs * 1000 / Math.Max(1, transactions), "µs/tx",
            $"pg_stat_statements over the throughput window, {profile.Statements.Count} statements; top: {top}"));
        figures.Add(Figure.Info(Name, Named("PostgreSQL WAL flushes per tx"), profile.WalSyncs / (double)Math.Max(1, transactions), "flushes/tx",
            string.Create(CultureInfo.InvariantCulture, $"{profile.WalSyncs:N0} flushes, {profile.WalSyncMs / Math.Max(1, profile.WalSyncs):0.00} ms each (pg_stat_wal, track_wal_io_timing); {profile.WalRecords / (double)Math.Max(1, transactions):0.0} WAL records per tx")));
        figures.Add(Figure.Info(Name, Named("PostgreSQL CPU per tx"), profile.CpuSeconds * 1e6 / Math.Max(1, transactions), "µs/tx",
            $"postmaster and its backends, /proc; {profile.CpuSeconds / seconds * 100:0} % of a core"));
    }

    private static async Task<long> StagedAsync(string database, IEnumerable<ProductionFeed> feeds, CancellationToken cancellationToken)
    {
        long total = 0;
        foreach (var feed in feeds)
        {
            total += await WindowedBacklog.StagedRowsAsync(database, feed.Plant, cancellationToken);
        }

        return total;
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
        var seededDocuments = 0;
        foreach (var level in levels)
        {
            if (level > seeded)
            {
                FigureSink.Progress(Windows
                    ? $"ERP down; seeding {level - seeded:N0} pending events through the store (staged and sealed, {WindowedBacklog.SourcesPerDocument(PostingWindow)} per document)"
                    : $"ERP down; seeding {level - seeded:N0} pending transactions through the store");
                var seedClock = Stopwatch.StartNew();
                if (Windows)
                {
                    seededDocuments += await WindowedBacklog.SeedAsync(store, plant, seeded, level, PostingWindow, cancellationToken);
                }
                else
                {
                    for (var from = seeded; from < level; from += 10_000)
                    {
                        var chunk = Enumerable.Range(0, (int)Math.Min(10_000, level - from)).Select(i => BenchmarkTransactions.Confirmation(plant, from + i)).ToList();
                        await store.AppendAsync(plant, chunk, DateTimeOffset.UtcNow, cancellationToken);
                    }
                }

                seeded = level;
                FigureSink.Progress($"seeded in {seedClock.Elapsed.TotalSeconds:0} s");
            }

            var before = await WalPosition.ReadAsync(database, cancellationToken);
            var perOrder = (driven + perLevel) / feed.Orders.Count;
            await feed.RunAsync(cancellationToken, perOrder);
            var expected = seeded + feed.Confirmed;
            var wait = Stopwatch.StartNew();
            while ((Windows ? await WindowedBacklog.StagedRowsAsync(database, plant, cancellationToken) : (await sync.GetFigures()).PendingCount) < expected
                && wait.Elapsed < TimeSpan.FromMinutes(2))
            {
                await Task.Delay(Windows ? 500 : 100, cancellationToken);
            }

            var after = await WalPosition.ReadAsync(database, cancellationToken);
            var events = feed.Confirmed - driven;
            driven = feed.Confirmed;
            var breakdown = await WalBreakdown.ReadAsync(database, before, after, cancellationToken);
            var stateBytes = await WalBreakdown.AverageStateBytesAsync(database, $"{plant}-WO-", cancellationToken);
            var pendingLabel = Windows ? $"{level:N0} events pending" : $"{level:N0} pending";
            var path = Windows
                ? "reports through twin write, twin-changes and erp-outbox stream rows, staged row (windows sealed as they close)"
                : "reports through twin write, twin-changes and erp-outbox stream rows, outbox append";
            figures.Add(Figure.Info(Name, Named($"WAL bytes per ERP event, {pendingLabel}"), (after - before) / (double)events, "B/event",
                $"{events:N0} {path}; ERP down; {breakdown.Describe(events)}; load average {MachineDescription.ReadLoadAverage()}"));
            figures.Add(Figure.Info(Name, Named($"WAL full-page images per ERP event, {pendingLabel}"), breakdown.FullPageBytes / (double)events, "B/event",
                "8 KB page copies PostgreSQL logs for the first change to a page after each checkpoint (pg_walinspect)"));
            figures.Add(Figure.Info(Name, Named($"work-order twin stored state, {pendingLabel}"), stateBytes.State, "B",
                $"average twin_grain_state payload of the {feed.Orders.Count} orders after {perOrder} reports each, rewritten per report; besides it {stateBytes.Journal:N0} B of journal rows each (remembered requests and history, one row appended per entry, up to their limits)"));
        }

        if (Windows)
        {
            // After an hour-long outage every window but the last has closed; wait for the last so the drain measures
            // posting the backlog, not the posting tolerance.
            var sealing = Stopwatch.StartNew();
            while ((await sync.GetFigures()).StagedSources > 0 && sealing.Elapsed < PostingWindow + TimeSpan.FromMinutes(1))
            {
                await Task.Delay(500, cancellationToken);
            }
        }

        // The ERP is back: time until the whole backlog is booked (hold-off after the outage included).
        var atOutageEnd = await sync.GetFigures();
        var total = atOutageEnd.PendingCount;
        var (bookedBefore, _) = await erp.StatsAsync(cancellationToken);
        await erp.OutageAsync(down: false, cancellationToken);
        FigureSink.Progress($"ERP back; draining {total:N0} pending documents{(Windows ? $" carrying {seeded + driven:N0} events" : "")}");
        var drain = Stopwatch.StartNew();
        TimeSpan? firstBooking = null;
        long pending;
        ErpSyncFigures now;
        do
        {
            await Task.Delay(250, cancellationToken);
            now = await sync.GetFigures();
            pending = now.PendingCount + now.StagedSources;
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
        var drainName = Windows
            ? $"drain of a simulated 1-hour outage at plant rate ({seeded + driven:N0} events in {total:N0} documents) after the ERP is back"
            : $"drain of {total:N0} pending after the ERP is back";
        var scale = Windows
            ? $"; the hour is simulated: {seeded:N0} events of {WindowedBacklog.Operations} operations at {WindowedBacklog.EventsPerSecond:0} events/s staged and sealed through the store ({seededDocuments:N0} documents of {WindowedBacklog.SourcesPerDocument(PostingWindow)}), plus {driven:N0} reports through the twins"
            : "";
        figures.Add(Figure.AtMost(Name, Named(drainName), drained.TotalSeconds, "s", TargetDrain.TotalSeconds,
            $"first booking after {firstBooking?.TotalSeconds ?? double.NaN:0.0} s (hold-off after the outage), then {perSecond:N0} documents/s; one plant; {pending:N0} still pending; load average {MachineDescription.ReadLoadAverage()}{scale}"));
        var sourcesMissing = Windows ? Math.Abs(now.SourcesBooked - atOutageEnd.SourcesBooked - (seeded + driven)) : 0;
        figures.Add(Figure.AtMost(Name, Named("backlog missing or doubled at the ERP"), Math.Abs(bookedAfter - bookedBefore - total) + pending + sourcesMissing, "tx", 0,
            $"ERP booked {bookedAfter - bookedBefore:N0} new documents for {total:N0} pending"
            + (Windows ? $"; they carried {now.SourcesBooked - atOutageEnd.SourcesBooked:N0} events of {seeded + driven:N0}" : "")));
    }
}
