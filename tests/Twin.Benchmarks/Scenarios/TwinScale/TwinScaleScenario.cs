using System.Diagnostics;
using System.Globalization;
using Twin.Benchmarks.Harness;

namespace Twin.Benchmarks.Scenarios.TwinScale;

/// <summary>
/// Scenario 5: managed heap per activated machine twin at 100,000 twins (embedded profile, full collection,
/// divided by the count), then twin reads per second through the client SDK from another process and over REST
/// with wrk, against those 100,000 twins.
/// </summary>
public sealed class TwinScaleScenario : IBenchmarkScenario
{
    private const int FullTwins = 100_000;
    private const int SmokeTwins = 200;
    private const int SdkInFlight = 500;

    public string Name => "twin-scale";

    public string Description => $"Twin scale: managed heap per machine twin at {FullTwins:N0} twins; reads/s through the client SDK (other process) and REST (wrk -t2 -c64)";

    public async Task RunAsync(RunMode mode, FigureSink figures, CancellationToken cancellationToken)
    {
        var count = mode.IsSmoke ? SmokeTwins : FullTwins;
        await using var silo = await BenchmarkSilo.StartAsync(cancellationToken: cancellationToken);

        // Warm the silo's own singletons (directory, catalog, serializers) before the baseline.
        await BenchmarkMachines.ActivateAsync(silo.Grains, 1, 1, cancellationToken);
        var baseline = FullyCollectedHeap();
        FigureSink.Progress($"activating {count:N0} machine twins");
        var clock = Stopwatch.StartNew();
        await BenchmarkMachines.ActivateAsync(silo.Grains, count, inFlight: 1000, cancellationToken);
        var activation = clock.Elapsed;
        var loaded = FullyCollectedHeap();
        var perTwin = (loaded - baseline) / (double)(count - 1);

        figures.Add(
            Figure.AtMost(Name, $"managed heap per machine twin ({count:N0})", perTwin / 1024, "KB", 4,
                $"registered + 5 signals each, {BenchmarkMachines.MachinesPerPlant} per plant; embedded profile (memory storage holds a copy of each state); activated at {count / activation.TotalSeconds:N0} twins/s"));

        // SDK reads from another process.
        FigureSink.Progress("reading twins through the client SDK from another process");
        await using (var reader = LoadProcess.StartSelf("SDK reader (sdk-reads)",
            ["sdk-reads", silo.GatewayPort.ToString(CultureInfo.InvariantCulture), count.ToString(CultureInfo.InvariantCulture), SdkInFlight.ToString(CultureInfo.InvariantCulture)]))
        {
            await reader.WaitReadyAsync(TimeSpan.FromSeconds(60), cancellationToken);
            await Task.Delay(mode.Warmup, cancellationToken);
            var before = await reader.MarkAsync(cancellationToken);
            clock.Restart();
            await Task.Delay(mode.Measure, cancellationToken);
            var after = await reader.MarkAsync(cancellationToken);
            var seconds = clock.Elapsed.TotalSeconds;
            figures.Add(Figure.AtLeast(Name, "twin reads/s via client SDK", (after.Count - before.Count) / seconds, "reads/s", 100_000,
                $"{SdkInFlight} in flight from one process, random twins; reader CPU {(after.Cpu - before.Cpu).TotalSeconds / seconds * 100:0}% of a core"));
        }

        // REST reads with wrk.
        FigureSink.Progress("reading twins over REST with wrk");
        await Wrk.EnsureInstalledAsync(cancellationToken);
        var script = $$"""
            local n = {{count}}
            local key = "{{silo.ApiKey}}"
            request = function()
              local i = math.random(0, n - 1)
              local path = string.format("/api/plants/bench-plant-%03d/machines/m-%06d", math.floor(i / {{BenchmarkMachines.MachinesPerPlant}}), i)
              return wrk.format("GET", path, { ["X-Api-Key"] = key })
            end
            """;
        if (!mode.IsSmoke)
        {
            await Wrk.RunAsync(silo.HttpUrl, script, 2, 64, mode.Warmup, cancellationToken);
        }

        var rest = await Wrk.RunAsync(silo.HttpUrl, script, 2, 64, mode.Measure, cancellationToken);
        if (rest.Non2xx > 0 || rest.SocketErrors > 0)
        {
            throw new InvalidOperationException(
                $"REST reads failed: {rest.Non2xx} non-2xx answers and {rest.SocketErrors} socket errors out of {rest.Requests} requests.");
        }

        figures.Add(Figure.AtLeast(Name, "twin reads/s via REST (wrk)", rest.RequestsPerSecond, "req/s", 25_000,
            $"wrk -t2 -c64, random twins, API key auth; p50 {rest.P50Ms:0.##} ms, p99 {rest.P99Ms:0.##} ms"));
    }

    private static long FullyCollectedHeap()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
