using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Twin.Benchmarks.Harness;
using Twin.Benchmarks.Scenarios.ErpSync;
using Twin.Erp.Connector;
using Twin.Erp.Outbox;

namespace Twin.Benchmarks.Scenarios.ErpConnectors;

/// <summary>
/// Documents/s through each ERP connector (twin-json, sap-s4, d365-scm) to its simulator as its own process with 100 ms
/// added to every request, 4 plants posting one outbox batch at a time each (as 4 ERP sync grains would), and this
/// process's CPU per document — each printed beside the same simulator's bare round trip measured just before, with as
/// many in flight as there are plants. Afterwards the ERP's own count must equal the documents offered (none missing,
/// none doubled).
/// </summary>
public sealed class ErpConnectorsScenario : IBenchmarkScenario
{
    private const int Plants = 4;
    private static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(100);

    public string Name => "erp-connectors";

    public string Description => "ERP connectors: documents/s and CPU/document through twin-json, sap-s4 and d365-scm to their simulators (own processes, 100 ms per request), beside bare round trips";

    public async Task RunAsync(RunMode mode, FigureSink figures, CancellationToken cancellationToken)
    {
        ConnectorTarget[] targets = [new TwinJsonTarget(), new SapTarget(), new D365Target()];
        foreach (var target in targets)
        {
            FigureSink.Progress($"{target.Kind}: {target.Simulator} with {Latency.TotalMilliseconds:0} ms per request");
            figures.AddRange(await MeasureAsync(target, mode, cancellationToken));
        }
    }

    private async Task<IReadOnlyList<Figure>> MeasureAsync(ConnectorTarget target, RunMode mode, CancellationToken cancellationToken)
    {
        await using var simulator = await SampleProcess.StartAsync(target.Simulator, target.SimulatorArguments(Latency), target.ProbePath, cancellationToken);
        using var client = await target.ClientAsync(simulator.BaseAddress, cancellationToken);
        await target.ConfigureAsync(client, Latency, cancellationToken);
        var (barePerSecond, bareCpu) = await BareRoundTrips.MeasureAsync(target, client, Plants, mode.Warmup, mode.Measure, cancellationToken);

        var plants = Enumerable.Range(1, Plants).Select(p => $"BP{p}").ToList();
        // Smoke: small batches, so draining what is pending at the end takes seconds on the slowest connector too.
        var outboxOptions = new ErpOutboxOptions { MaxBatchSize = mode.IsSmoke ? 10 : 100 };
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(target.Settings(simulator.BaseAddress, plants).ToDictionary(e => "Erp:Connector:" + e.Key, e => e.Value))
            .Build();
        var services = new ServiceCollection();
        services.AddLogging(l => l.AddConsole().SetMinimumLevel(LogLevel.Warning));
        services.AddErpConnector(configuration.GetSection("Erp:Connector"));
        await using var provider = services.BuildServiceProvider();
        var connector = provider.GetRequiredService<IErpConnector>();

        var feeds = plants.Select((p, i) => new PlantErpFeed(p, connector, outboxOptions, duplicateShare: 0, seed: i, ConnectorTransactions.Confirmation)).ToList();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var running = feeds.Select(f => Task.Run(() => f.RunAsync(stop.Token), CancellationToken.None)).ToList();

        await Task.Delay(mode.Warmup, cancellationToken);
        var bookedBefore = await target.BookedAsync(client, cancellationToken);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await Task.Delay(mode.Measure, cancellationToken);
        var bookedAfter = await target.BookedAsync(client, cancellationToken);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var elapsed = clock.Elapsed;
        await stop.CancelAsync();
        await Task.WhenAll(running);
        foreach (var feed in feeds)
        {
            await feed.DrainAsync(TimeSpan.FromSeconds(120));
        }

        var offered = feeds.Sum(f => f.Distinct);
        var booked = await target.BookedAsync(client, cancellationToken);
        var inWindow = bookedAfter - bookedBefore;
        var perSecond = inWindow / elapsed.TotalSeconds;
        var cpuPerDocument = cpu.TotalMicroseconds / Math.Max(1, inWindow);
        var batching = target.Kind switch
        {
            "sap-s4" => "$batch of up to 20 changesets (one per document)",
            "d365-scm" => "one SendMessage per document, status read back every 500 ms, 4 orders in parallel per batch",
            _ => $"one POST per batch",
        };
        var figures = new List<Figure>
        {
            Figure.Info(Name, $"{target.Kind} documents/s", perSecond, "docs/s",
                    $"{Plants} plants, outbox batches of {outboxOptions.MaxBatchSize}, {ConnectorTransactions.OrdersPerPlant} orders per plant; {batching}; {Latency.TotalMilliseconds:0} ms per request")
                .Beside(barePerSecond, $"{target.BareRoundTrip}/s, {Plants} in flight"),
            Figure.Info(Name, $"{target.Kind} CPU per document", cpuPerDocument, "µs", "this process (outbox + connector); the simulator runs in its own process")
                .Beside(bareCpu, $"µs per {target.BareRoundTrip}"),
            Figure.AtMost(Name, $"{target.Kind} missing or doubled", Math.Abs(booked - offered), "docs", 0,
                $"{offered:N0} documents offered, {booked:N0} booked by the ERP's own count"),
        };
        if (booked < offered)
        {
            throw new InvalidOperationException($"{target.Simulator} booked {booked} documents of the {offered} {target.Kind} offered: {offered - booked} are missing.");
        }

        return figures;
    }
}
