using System.Diagnostics;
using Npgsql;
using Twin.Benchmarks.Harness;
using Twin.Contracts;
using Twin.Hosting.Schema;

namespace Twin.Benchmarks.Scenarios.Ingest;

/// <summary>
/// Scenario 3: PlantSimulator (own process, OPC UA) → ingest grains → machine-signals stream → machine twins, in a
/// real silo, once on the embedded default profile and once on PostgreSQL. Signals per second received by ingest
/// over the window, and latency from each value's source time stamp to the twin showing it (p50, p99).
/// </summary>
public sealed class IngestScenario : IBenchmarkScenario
{
    // 3,000 machines × 7 tags on a 100 ms tick: the simulator changes well over 100,000 values/s.
    private const int Lines = 60;
    private const int MachinesPerLine = 50;
    private const int TickMs = 100;
    private const int PublishingMs = 50;
    private const int Connections = 8;
    private const int SampledTwins = 20;
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(10);

    public string Name => "ingest";

    public string Description => $"Ingest end to end: PlantSimulator ({Lines * MachinesPerLine:N0} machines, {TickMs} ms tick) → {Connections} ingest grains → streams → machine twins; signals/s and source-to-twin latency, embedded and PostgreSQL";

    public async Task RunAsync(RunMode mode, FigureSink figures, CancellationToken cancellationToken)
    {
        var admin = Environment.GetEnvironmentVariable("TWIN_TEST_POSTGRES");
        if (string.IsNullOrWhiteSpace(admin))
        {
            throw new InvalidOperationException(
                "TWIN_TEST_POSTGRES is not set: the ingest scenario's PostgreSQL profile needs an admin connection string (tests/run-all.sh sets it; for a dev server: export TWIN_TEST_POSTGRES=\"$(cat /tmp/twin-dev-pg.txt)\").");
        }

        var (lines, machines) = mode.IsSmoke ? (2, 5) : (Lines, MachinesPerLine);
        await MeasureAsync(figures, "embedded", null, lines, machines, mode, 100_000, 100, cancellationToken);

        var database = $"twin_bench_{Guid.NewGuid():N}";
        await ExecuteAsync(admin, $"CREATE DATABASE {database}", cancellationToken);
        try
        {
            var connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = database }.ConnectionString;
            await SchemaMigrator.MigrateAsync(connectionString, cancellationToken);
            await MeasureAsync(figures, "PostgreSQL", connectionString, lines, machines, mode, 50_000, 1000, cancellationToken);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)", CancellationToken.None);
        }
    }

    private async Task MeasureAsync(
        FigureSink figures, string profile, string? connectionString, int lines, int machinesPerLine, RunMode mode, double targetPerSecond, double targetP99Ms, CancellationToken cancellationToken)
    {
        FigureSink.Progress($"{profile}: PlantSimulator with {lines * machinesPerLine:N0} machines, silo with ingest");
        await using var plant = await SimulatedPlant.StartAsync(lines, machinesPerLine, TickMs, PublishingMs, Connections, cancellationToken);
        var settings = new Dictionary<string, string?> { ["Ingest:PlantFiles:0"] = plant.ConfigurationFile };
        if (connectionString is not null)
        {
            settings["ConnectionStrings:Twin"] = connectionString;
        }

        await using var silo = await BenchmarkSilo.StartAsync(settings, withPipeline: true, cancellationToken);
        var ingest = silo.Grains.GetGrain<IPlantIngestGrain>(SimulatedPlant.PlantId);
        await WaitForDataAsync(ingest, TimeSpan.FromSeconds(90), cancellationToken);
        FigureSink.Progress($"{profile}: data flowing, measuring");

        var sample = plant.MachineIds.Where((_, i) => i % Math.Max(1, plant.MachineIds.Count / SampledTwins) == 0).Take(SampledTwins).ToList();
        var sampler = new TwinLatencySampler(silo.Grains, sample, PollEvery);
        using var stop = new CancellationTokenSource();
        var sampling = sampler.RunAsync(stop.Token);

        await Task.Delay(mode.Warmup, cancellationToken);
        sampler.Reset();
        var before = await NotificationsAsync(ingest);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await Task.Delay(mode.Measure, cancellationToken);
        var after = await NotificationsAsync(ingest);
        var seconds = clock.Elapsed.TotalSeconds;
        var siloCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds / seconds;
        await stop.CancelAsync();
        await sampling;

        var connections = await ingest.GetConnections();
        var received = (after.Notifications - before.Notifications) / seconds;
        if (received <= 0)
        {
            throw new InvalidOperationException(
                $"Ingest ({profile}) received nothing in {seconds:0.0} s: " +
                string.Join("; ", connections.Select(c => $"{c.ConnectionId} {c.State}, {c.Buffered} buffered, last error {c.LastError}")));
        }

        // How far behind the twins are at the end: a pipeline that does not keep up shows it here even when no
        // new value reached the sampled twins at all (then no latency can be measured, only this lower bound).
        var end = DateTimeOffset.UtcNow;
        var reached = sample.Where(sampler.Newest.ContainsKey).ToList();
        var lagMs = reached.Count == 0 ? double.PositiveInfinity : reached.Max(id => (end - sampler.Newest[id]).TotalMilliseconds);
        var neverReached = sample.Count - reached.Count;
        var reachedTwins = sampler.ValuesSeen / (double)sample.Count * plant.MachineIds.Count / seconds;
        var p99 = sampler.Latencies.Count > 0 ? Math.Max(sampler.Latencies.Percentile(99), 0) : lagMs;
        var note = $"{plant.MachineIds.Count:N0} machines, {plant.Tags:N0} tags, {Connections} connections; {after.Batches - before.Batches:N0} batches; buffered in ingest at end {connections.Sum(c => c.Buffered):N0}; silo process {siloCpu * 100:0}% CPU";
        figures.AddRange(
        [
            Figure.AtLeast(Name, $"signals/s into twins ({profile})", reachedTwins, "signals/s", targetPerSecond,
                $"new values seen on {sample.Count} sampled twins (polled every {PollEvery.TotalMilliseconds:0} ms; values replaced between polls are missed, so a lower bound), scaled to all twins"),
            Figure.Info(Name, $"signals/s received by ingest ({profile})", received, "signals/s", note),
            Figure.Info(Name, $"latency p50 ({profile})", sampler.Latencies.Count > 0 ? sampler.Latencies.Percentile(50) : lagMs, "ms",
                $"source time stamp → twin state, {sampler.Latencies.Count:N0} values on {sample.Count} sampled twins in {sampler.Polls} polls, {sampler.FailedReads} reads failed"),
            Figure.AtMost(Name, $"latency p99 ({profile})", p99, "ms", targetP99Ms,
                (sampler.Latencies.Count > 0 ? $"sampled twins up to {lagMs:N0} ms behind at the end" : "no new value reached the sampled twins: lag at the end shown (lower bound)")
                + (neverReached > 0 ? $"; {neverReached} of {sample.Count} sampled twins never showed a value" : "")),
        ]);
    }

    private static async Task<(long Notifications, long Batches)> NotificationsAsync(IPlantIngestGrain ingest)
    {
        var connections = await ingest.GetConnections();
        return (connections.Sum(c => c.Notifications), connections.Sum(c => c.BatchesPublished));
    }

    private static async Task WaitForDataAsync(IPlantIngestGrain ingest, TimeSpan within, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        IReadOnlyList<IngestConnectionHealth> connections = [];
        while (deadline.Elapsed < within)
        {
            connections = await ingest.GetConnections();
            if (connections.Count > 0 && connections.All(c => c.Notifications > 0))
            {
                return;
            }

            await Task.Delay(200, cancellationToken);
        }

        throw new TimeoutException(
            $"Ingest connections of {SimulatedPlant.PlantId} received no data within {within.TotalSeconds:0} s: " +
            (connections.Count == 0 ? "none configured" : string.Join("; ", connections.Select(c => $"{c.ConnectionId} {c.State}, last error {c.LastError}"))));
    }

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
