using System.Diagnostics;
using System.Globalization;
using Twin.Benchmarks.Harness;
using Twin.Benchmarks.Scenarios.Baseline;

namespace Twin.Benchmarks.Scenarios.TwinScale;

/// <summary>
/// Scenario 5: managed heap per activated machine twin at 100,000 twins (embedded profile, full collection,
/// divided by the count), then twin reads per second through the client SDK from another process and over REST
/// with the same HTTP load generator as the bare minimal-API baseline, against those 100,000 twins. Each figure is
/// printed beside its bare-Orleans baseline of the same run (scenario baseline; measured here when run alone).
/// </summary>
public sealed class TwinScaleScenario : IBenchmarkScenario
{
    private const int FullTwins = 100_000;
    private const int SmokeTwins = 200;
    private const int SdkInFlight = 500;

    /// <summary>Twins of a full run (<c>--twins</c>); the figures name the count, so a shorter run is not mistaken for this one.</summary>
    public static int Twins { get; set; } = FullTwins;

    public string Name => "twin-scale";

    public string Description => $"Twin scale: managed heap per machine twin at {FullTwins:N0} twins; reads/s through the client SDK (other process) and REST ({HttpLoad.Connections} connections); each beside its bare-Orleans baseline";

    public async Task RunAsync(RunMode mode, FigureSink figures, CancellationToken cancellationToken)
    {
        var count = mode.IsSmoke ? SmokeTwins : Twins;
        await BaselineScenario.EnsureAsync(BaselineParts.GatewayCalls | BaselineParts.MinimalApi | BaselineParts.Heap, mode, figures, cancellationToken);
        var emptyGrain = BaselineScenario.Get(BaselineScenario.EmptyGrainHeapKey);
        var persistentGrain = BaselineScenario.Get(BaselineScenario.PersistentGrainHeapKey);
        var bareCalls = BaselineScenario.Get(BaselineScenario.GatewayCallsKey);
        var bareApi = BaselineScenario.Get(BaselineScenario.MinimalApiKey);
        // Issue 9 judges the heap per twin on the PostgreSQL profile (storage keeps no copy of the state in the
        // silo), with the embedded figure beside it. The smoke measures the embedded one only.
        if (!mode.IsSmoke)
        {
            await using var postgres = await BenchPostgres.StartAsync(durable: false, cancellationToken);
            var database = await postgres.CreateMigratedDatabaseAsync("twin_scale", cancellationToken);
            await using var pgSilo = await BenchmarkSilo.StartAsync(new Dictionary<string, string?> { ["ConnectionStrings:Twin"] = database }, cancellationToken: cancellationToken);
            var (pgPerTwin, pgRate) = await HeapPerTwinAsync(pgSilo, count, "PostgreSQL", cancellationToken);
            figures.Add(
                Figure.AtMost(Name, $"managed heap per machine twin, PostgreSQL ({count:N0})", pgPerTwin / 1024, "KB", 4,
                    $"registered + 5 signals each, {BenchmarkMachines.MachinesPerPlant} per plant; {postgres.Label}; activated at {pgRate:N0} twins/s; a grain with IPersistentState: {persistentGrain:0.##} KB")
                    .Beside(emptyGrain, "empty grain"));
        }

        await using var silo = await BenchmarkSilo.StartAsync(cancellationToken: cancellationToken);
        var (perTwin, rate) = await HeapPerTwinAsync(silo, count, "embedded", cancellationToken);
        figures.Add((
            (mode.IsSmoke ? Figure.AtMost(Name, $"managed heap per machine twin, embedded ({count:N0})", perTwin / 1024, "KB", 4, null)
                          : Figure.Info(Name, $"managed heap per machine twin, embedded ({count:N0})", perTwin / 1024, "KB", null))
            with
            {
                Note = $"registered + 5 signals each, {BenchmarkMachines.MachinesPerPlant} per plant; embedded profile (memory storage holds a copy of each state); activated at {rate:N0} twins/s; a grain with IPersistentState: {persistentGrain:0.##} KB",
            }).Beside(emptyGrain, "empty grain"));
        var clock = new Stopwatch();

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
            var sdk = (after.Count - before.Count) / seconds;
            figures.Add(Figure.AtLeast(Name, "twin reads/s via client SDK", sdk, "reads/s", 100_000,
                $"{SdkInFlight} in flight from one process, random twins; reader CPU {(after.Cpu - before.Cpu).TotalSeconds / seconds * 100:0}% of a core")
                .Beside(bareCalls, "bare grain calls via gateway"));
            figures.Add(RatioFigure("SDK reads / bare grain calls via gateway", sdk, bareCalls, 60));
        }

        // REST reads: the same load generator and settings as the bare minimal API + grain call of the baseline.
        FigureSink.Progress($"reading twins over REST ({HttpLoad.Connections} connections)");
        var rest = await HttpLoad.MeasureAsync("REST load (http-load)", silo.HttpUrl, "/api/plants/bench-plant-{p3}/machines/m-{i6}", count, silo.ApiKey, mode, cancellationToken);
        figures.Add(Figure.AtLeast(Name, "twin reads/s via REST", rest.RequestsPerSecond, "req/s", 25_000,
            $"random twins, API key auth; {rest.Describe()}; bare p99 {BaselineScenario.Get(BaselineScenario.MinimalApiP99Key):0.##} ms")
            .Beside(bareApi, "bare minimal API + grain call"));
        figures.Add(RatioFigure("REST reads / bare minimal API + grain call", rest.RequestsPerSecond, bareApi, 65));
    }

    /// <summary>Managed heap per activated machine twin (bytes) and the activation rate (twins/s).</summary>
    private static async Task<(double PerTwin, double Rate)> HeapPerTwinAsync(BenchmarkSilo silo, int count, string profile, CancellationToken cancellationToken)
    {
        // Warm the silo's own singletons (directory, catalog, serializers) before the heap is read.
        await BenchmarkMachines.ActivateAsync(silo.Grains, 1, 1, cancellationToken);
        await GcdumpPauseAsync($"{profile}: heap before", cancellationToken);
        var baseline = FullyCollectedHeap();
        FigureSink.Progress($"{profile}: activating {count:N0} machine twins");
        var clock = Stopwatch.StartNew();
        await BenchmarkMachines.ActivateAsync(silo.Grains, count, inFlight: 1000, cancellationToken);
        var activation = clock.Elapsed;
        var loaded = FullyCollectedHeap();
        await GcdumpPauseAsync($"{profile}: heap measured, {(loaded - baseline) / (double)(count - 1) / 1024:0.000} KB per twin", cancellationToken);
        return ((loaded - baseline) / (double)(count - 1), count / activation.TotalSeconds);
    }

    /// <summary>
    /// With TWIN_BENCH_GCDUMP_PAUSE=seconds, waits that long at each heap reading so `dotnet-gcdump collect -p PID`
    /// can take the heap before and after the activations (their difference by type is what a twin holds).
    /// </summary>
    private static async Task GcdumpPauseAsync(string moment, CancellationToken cancellationToken)
    {
        if (int.TryParse(Environment.GetEnvironmentVariable("TWIN_BENCH_GCDUMP_PAUSE"), out var seconds) && seconds > 0)
        {
            FigureSink.Progress($"{moment}: pausing {seconds} s for dotnet-gcdump (pid {Environment.ProcessId})");
            await Task.Delay(TimeSpan.FromSeconds(seconds), cancellationToken);
        }
    }

    /// <summary>A Twin figure as a share of its bare baseline, judged against the ratio target of issue 9.</summary>
    private Figure RatioFigure(string name, double value, double? baseline, double targetPercent) =>
        baseline is { } b and > 0
            ? Figure.AtLeast(Name, name, value / b * 100, "%", targetPercent, $"{value:N0} vs {b:N0}, same run")
            : Figure.Info(Name, name, double.NaN, "%", "baseline not measured");

    private static long FullyCollectedHeap() => BaselineScenario.FullyCollectedHeap();
}
