using System.Diagnostics;
using ErpSimulator;
using ErpSimulator.Audit;
using ErpSimulator.Booking;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Twin.Benchmarks.Harness;
using Twin.Erp.Connector;
using Twin.Erp.Outbox;

namespace Twin.Benchmarks.Scenarios.ErpSync;

/// <summary>
/// Scenario 4: transactions per second booked in the ErpSimulator through the product's ERP path
/// (ErpOutbox batching and dedupe, HttpErpConnector with its resilience pipeline, JSON over loopback HTTP),
/// once with unique transactions and once with 10 % redeliveries; the simulator's books are then checked
/// for zero duplicates and nothing missing.
/// </summary>
public sealed class ErpSyncScenario : IBenchmarkScenario
{
    private const double TargetPerSecond = 20_000;

    // Several plants post in parallel, as several ErpSyncGrains would; each posts one batch at a time.
    private const int Plants = 4;

    public string Name => "erp-sync";

    public string Description => "ERP sync: transactions/s booked in the ErpSimulator via outbox + HTTP connector (batches of 100), clean and with 10 % duplicates";

    public async Task RunAsync(RunMode mode, FigureSink figures, CancellationToken cancellationToken)
    {
        figures.AddRange(await MeasureAsync(mode, duplicateShare: 0, cancellationToken));
        figures.AddRange(await MeasureAsync(mode, duplicateShare: 0.10, cancellationToken));
    }

    private async Task<IReadOnlyList<Figure>> MeasureAsync(RunMode mode, double duplicateShare, CancellationToken cancellationToken)
    {
        await using var erp = ErpSimulatorApp.Build(
            ["--urls", "http://127.0.0.1:0", "--ErpSimulator:AcceptAll=true", "--ErpSimulator:LogEachDocument=false"],
            builder => builder.Logging.ClearProviders().AddConsole().AddFilter("Microsoft.Hosting.Lifetime", LogLevel.None).SetMinimumLevel(LogLevel.Warning));
        await erp.StartAsync(cancellationToken);
        var baseUrl = erp.Urls.First();

        var outboxOptions = new ErpOutboxOptions();
        var services = new ServiceCollection();
        services.AddLogging(l => l.AddConsole().SetMinimumLevel(LogLevel.Warning));
        services.AddErpConnector(o =>
        {
            o.BaseUrl = baseUrl;
            o.MaxBatchSize = outboxOptions.MaxBatchSize;
        });
        await using var provider = services.BuildServiceProvider();
        var connector = provider.GetRequiredService<IErpConnector>();
        var stats = erp.Services.GetRequiredService<SimulatorStats>();

        var feeds = Enumerable.Range(1, Plants)
            .Select(p => new PlantErpFeed($"plant-{p}", connector, outboxOptions, duplicateShare, seed: p))
            .ToList();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var running = feeds.Select(f => Task.Run(() => f.RunAsync(stop.Token), CancellationToken.None)).ToList();

        await Task.Delay(mode.Warmup, cancellationToken);
        var before = stats.Snapshot();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await Task.Delay(mode.Measure, cancellationToken);
        var after = stats.Snapshot();
        var cpuAfter = Process.GetCurrentProcess().TotalProcessorTime;
        var elapsed = clock.Elapsed;
        await stop.CancelAsync();
        await Task.WhenAll(running);
        foreach (var feed in feeds)
        {
            await feed.DrainAsync(TimeSpan.FromSeconds(60));
        }

        var audit = Audit(erp.Services.GetRequiredService<BookingLedger>(), feeds);
        await erp.StopAsync(cancellationToken);

        var label = duplicateShare > 0 ? $"{duplicateShare:P0} duplicates" : "unique";
        var booked = (after.Booked - before.Booked) / elapsed.TotalSeconds;
        var lines = (after.Booked + after.AlreadyBooked - before.Booked - before.AlreadyBooked) / elapsed.TotalSeconds;
        var requests = (after.Requests - before.Requests) / elapsed.TotalSeconds;
        var cpuPerTransaction = (cpuAfter - cpuBefore).TotalMicroseconds / Math.Max(1, after.Booked - before.Booked);
        var redeliveries = feeds.Sum(f => f.RedeliveriesOffered);
        var figures = new List<Figure>
        {
            Figure.AtLeast(Name, $"booked/s ({label})", booked, "tx/s", TargetPerSecond,
                $"{Plants} plants, batches of {new ErpOutboxOptions().MaxBatchSize}, {requests:0} posts/s, {lines:0} lines/s incl. already-booked"),
            Figure.Info(Name, $"CPU per booked tx ({label})", cpuPerTransaction, "µs", "benchmark process = outbox + connector + simulator, 2 cores"),
            Figure.AtMost(Name, $"duplicates booked ({label})", audit.DuplicatesBooked, "docs", 0,
                $"{audit.Documents:N0} documents for {audit.Expected:N0} distinct transactions, {audit.Missing} missing"),
        };
        if (duplicateShare > 0)
        {
            figures.Add(Figure.Info(Name, "redeliveries offered", redeliveries, "tx",
                $"{feeds.Sum(f => f.CaughtByOutbox):N0} caught by the outbox, {feeds.Sum(f => f.AnsweredAlreadyBooked):N0} answered already-booked by the ERP"));
        }

        if (audit.Missing > 0)
        {
            throw new InvalidOperationException($"The ERP simulator booked {audit.Documents} documents but {audit.Expected} distinct transactions were offered: {audit.Missing} were lost.");
        }

        return figures;
    }

    private static (long Documents, long Expected, long DuplicatesBooked, long Missing) Audit(BookingLedger ledger, IReadOnlyList<PlantErpFeed> feeds)
    {
        // The same books GET /audit/documents serves, read in-process: a million documents is too much JSON to fetch.
        var documents = ledger.Documents();
        var distinctKeys = documents.Select(d => d.IdempotencyKey).Distinct(StringComparer.Ordinal).LongCount();
        var expected = feeds.Sum(f => f.Distinct);
        return (documents.Count, expected, documents.Count - distinctKeys, Math.Max(0, expected - distinctKeys));
    }
}
