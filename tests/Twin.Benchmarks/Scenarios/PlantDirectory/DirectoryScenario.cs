using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Twin.Benchmarks.Harness;
using Twin.Benchmarks.Scenarios.ErpE2e;
using Twin.Benchmarks.Scenarios.Ingest;

namespace Twin.Benchmarks.Scenarios.PlantDirectory;

/// <summary>
/// Scenario: a plant directory that scales. Warehouse locations are created in ONE plant over REST (POST
/// /api/plants/{plant}/locations, API key, Idempotency-Key) up to 100,000, on the embedded profile and on
/// PostgreSQL with durability on; creates/s over the first and the last 5 % and p99 near the end show whether a
/// create costs more as the directory grows. Then a read of a location that does not exist must answer 404.
/// </summary>
public sealed class DirectoryScenario : IBenchmarkScenario
{
    private const int FullLocations = 100_000;
    private const int SmokeLocations = 3_000;
    private const int InFlight = 32;
    private const double TargetPerSecond = 2_000;
    private static readonly TimeSpan FullCap = TimeSpan.FromMinutes(4);
    private static readonly TimeSpan SmokeCap = TimeSpan.FromSeconds(20);

    /// <summary>Profiles to run (--profiles embedded|durable; default both).</summary>
    public static IngestProfiles Profiles { get; set; } = IngestProfiles.Embedded | IngestProfiles.Durable;

    /// <summary>--pg-statements: print where PostgreSQL's time goes per create (pg_stat_statements, WAL flushes).</summary>
    public static bool ProfileStatements { get; set; }

    public string Name => "directory";

    public string Description => $"Plant directory: {FullLocations:N0} locations created in one plant over REST ({InFlight} in flight), creates/s at the start and near the end, p99; embedded and PostgreSQL (durable)";

    public async Task RunAsync(RunMode mode, FigureSink figures, CancellationToken cancellationToken)
    {
        var target = mode.IsSmoke ? SmokeLocations : FullLocations;
        var cap = mode.IsSmoke ? SmokeCap : FullCap;
        if (mode.IsSmoke || Profiles.HasFlag(IngestProfiles.Embedded))
        {
            await MeasureAsync("embedded", null, target, cap, figures, cancellationToken);
        }

        if (mode.IsSmoke || !Profiles.HasFlag(IngestProfiles.Durable))
        {
            return; // the PostgreSQL profile is exercised by ingest and plant-scale in the smoke
        }

        await using var postgres = await BenchPostgres.StartAsync(durable: true, cancellationToken, statements: ProfileStatements);
        var database = await postgres.CreateMigratedDatabaseAsync("twin_directory", cancellationToken);
        var cpuAtReset = ProfileStatements ? await PostgresTimeProfile.ResetAsync(database, postgres.PostmasterPid, cancellationToken) : 0;
        var created = await MeasureAsync("PostgreSQL durable", database, target, cap, figures, cancellationToken);
        if (ProfileStatements)
        {
            var profile = await PostgresTimeProfile.ReadAsync(database, postgres.PostmasterPid, cpuAtReset, cancellationToken);
            FigureSink.Progress(string.Create(CultureInfo.InvariantCulture,
                $"PostgreSQL per create: {profile.ExecutionMs * 1000 / Math.Max(created, 1):0.0} µs statements, {profile.WalSyncs / (double)Math.Max(created, 1):0.00} WAL flushes ({profile.WalSyncMs * 1000 / Math.Max(created, 1):0.0} µs), {profile.CpuSeconds * 1e6 / Math.Max(created, 1):0} µs server CPU"));
            foreach (var line in profile.Describe(created))
            {
                FigureSink.Progress("  " + line);
            }
        }
    }

    private async Task<int> MeasureAsync(string profile, string? connectionString, int target, TimeSpan cap, FigureSink figures, CancellationToken cancellationToken)
    {
        var settings = new Dictionary<string, string?>();
        if (connectionString is not null)
        {
            settings["ConnectionStrings:Twin"] = connectionString;
        }

        await using var silo = await BenchmarkSilo.StartAsync(settings, cancellationToken: cancellationToken);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = InFlight })
        {
            BaseAddress = new Uri(silo.HttpUrl),
            Timeout = TimeSpan.FromSeconds(60),
            DefaultRequestHeaders = { { "X-Api-Key", silo.ApiKey } },
        };
        const string plant = "bench-directory";
        FigureSink.Progress($"{profile}: creating up to {target:N0} locations in {plant} over REST");

        // completedAt[i] = seconds since start when the i-th create (in completion order) answered.
        var completedAt = new double[target];
        var latencyMs = new double[target];
        var completed = 0;
        var next = -1;
        var clock = Stopwatch.StartNew();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        string? failure = null;
        var workers = Enumerable.Range(0, InFlight).Select(_ => Task.Run(async () =>
        {
            while (failure is null && clock.Elapsed < cap)
            {
                var i = Interlocked.Increment(ref next);
                if (i >= target)
                {
                    return;
                }

                var id = string.Create(CultureInfo.InvariantCulture, $"loc-{i:D6}");
                var started = Stopwatch.GetTimestamp();
                using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/plants/{plant}/locations")
                {
                    Content = JsonContent.Create(new { locationId = id, name = $"Bin {i}" }),
                };
                request.Headers.Add("Idempotency-Key", $"bench-create-{id}");
                using var response = await http.SendAsync(request, cancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    failure ??= $"POST location {id} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}";
                    return;
                }

                var slot = Interlocked.Increment(ref completed) - 1;
                latencyMs[slot] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                completedAt[slot] = clock.Elapsed.TotalSeconds;
            }
        }, CancellationToken.None)).ToList();
        await Task.WhenAll(workers);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        if (failure is not null)
        {
            throw new InvalidOperationException($"{profile}: {failure}");
        }

        var done = completed;
        if (done < 100)
        {
            throw new InvalidOperationException($"{profile}: only {done} locations created in {cap.TotalSeconds:0} s.");
        }

        var slice = Math.Max(50, done / 20);
        double Rate(int from, int to) => (to - from) / Math.Max(1e-6, completedAt[to - 1] - (from == 0 ? 0 : completedAt[from - 1]));
        var startRate = Rate(0, slice);
        var endRate = Rate(done - slice, done);
        var tail = latencyMs[(done - slice)..done];
        Array.Sort(tail);
        var p99 = tail[Math.Clamp((int)Math.Ceiling(0.99 * tail.Length) - 1, 0, tail.Length - 1)];
        var all = latencyMs[..done];
        Array.Sort(all);

        // Reading an id that does not exist answers 404 (and must not leave a twin behind).
        using var missing = await http.GetAsync($"/api/plants/{plant}/locations/loc-does-not-exist", cancellationToken);
        using var last = await http.GetAsync($"/api/plants/{plant}/locations/loc-{done - 1:D6}", cancellationToken);
        var reachedNote = done < target ? $"; stopped after {cap.TotalMinutes:0.#} min at {done:N0} of {target:N0}" : "";
        figures.AddRange(
        [
            Figure.Info(Name, $"creates/s over the first {slice:N0} ({profile})", startRate, "creates/s", $"{InFlight} in flight over REST, one plant"),
            Figure.AtLeast(Name, $"creates/s over the last {slice:N0}, at {done:N0} locations ({profile})", endRate, "creates/s", TargetPerSecond,
                $"{done / clock.Elapsed.TotalSeconds:N0}/s overall{reachedNote}")
                .Beside(startRate, "the same run's first 5 %"),
            Figure.Info(Name, $"create p99 over the last {slice:N0} ({profile})", p99, "ms",
                $"p50 over all {all[all.Length / 2]:0.#} ms, p99 over all {all[Math.Clamp((int)Math.Ceiling(0.99 * all.Length) - 1, 0, all.Length - 1)]:0.#} ms"),
            // The silo and the HTTP client share this process; on a shared machine a figure per create moves less than a rate.
            Figure.Info(Name, $"process CPU per create ({profile})", cpu.TotalMilliseconds * 1000 / done, "µs",
                "silo and REST client in one process; PostgreSQL's own CPU not included"),
            Figure.AtMost(Name, $"GET of a location that does not exist: not 404 ({profile})", missing.StatusCode == HttpStatusCode.NotFound ? 0 : 1, "", 0,
                $"answered {(int)missing.StatusCode}; GET of the last created answered {(int)last.StatusCode}"),
        ]);
        return done;
    }
}
