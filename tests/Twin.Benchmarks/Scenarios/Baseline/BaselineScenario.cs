using System.Diagnostics;
using System.Globalization;
using Orleans;
using Orleans.Runtime;
using Orleans.Streams;
using Twin.Benchmarks.Harness;
using Twin.Benchmarks.Scenarios.Ingest;

namespace Twin.Benchmarks.Scenarios.Baseline;

/// <summary>Parts of the baseline; a Twin scenario run alone measures the ones it needs itself.</summary>
[Flags]
public enum BaselineParts
{
    None = 0,
    GatewayCalls = 1,
    MinimalApi = 2,
    MemoryStreams = 4,
    AdoStreams = 8,
    Heap = 16,
    AdoStreamsOneByOne = 32,
    All = GatewayCalls | MinimalApi | MemoryStreams | AdoStreams | Heap | AdoStreamsOneByOne,
}

/// <summary>
/// Scenario 0: what bare Orleans 10.4.2 and ASP.NET Core do on this machine, now, under the same load settings as
/// the Twin figures they anchor. `all` runs it first; every Twin figure is printed beside the matching figure here,
/// with the ratio. The figures stay in this process (<see cref="Measured"/>): a ratio is only ever taken between
/// figures of the same run.
/// </summary>
public sealed class BaselineScenario : IBenchmarkScenario
{
    /// <summary>Distinct grains read and activated (the same count as twin-scale's twins).</summary>
    public const int FullGrains = 100_000;
    public const int SmokeGrains = 2_000;

    /// <summary>Reads in flight from the external client (the same as the SDK reader's).</summary>
    public const int InFlight = 500;

    public const int EventsPerBatch = 100;
    private const int Streams = 8;
    private const int BatchesInFlightPerStream = 4;

    /// <summary>Events sent but not yet received above which producers wait (memory streams have no backpressure: a full queue throws).</summary>
    private const long MaxUndelivered = 50_000;

    public const string GatewayCallsKey = "gateway-calls";
    public const string MinimalApiKey = "minimal-api";
    public const string MinimalApiP99Key = "minimal-api-p99";
    public const string MemoryStreamsKey = "memory-streams";
    public const string AdoStreamsDurableKey = "adonet-streams-durable";
    public const string AdoStreamsFastKey = "adonet-streams-durability-off";
    public const string AdoStreamsOneByOneKey = "adonet-streams-durable-one-by-one";
    public const string EmptyGrainHeapKey = "empty-grain-heap";
    public const string PersistentGrainHeapKey = "persistent-grain-heap";

    private static readonly Dictionary<string, double> Figures = [];

    public string Name => "baseline";

    public string Description =>
        "Bare Orleans + ASP.NET Core on this machine, same run: grain calls via gateway from another process, minimal API + grain call (same HTTP load), memory and ADO.NET streams (PostgreSQL, durable and not) in arrays of 100, heap of an empty grain and one with IPersistentState";

    /// <summary>Baseline figures measured so far in this process.</summary>
    public static IReadOnlyDictionary<string, double> Measured => Figures;

    /// <summary>A baseline figure of this run, or null when it was not measured (ratio left out).</summary>
    public static double? Get(string key) => Figures.TryGetValue(key, out var value) ? value : null;

    public Task RunAsync(RunMode mode, FigureSink figures, CancellationToken cancellationToken) =>
        MeasureAsync(BaselineParts.All, mode, figures, cancellationToken);

    /// <summary>Measures the parts not measured yet in this run (a Twin scenario run on its own calls this).</summary>
    public static async Task EnsureAsync(BaselineParts parts, RunMode mode, FigureSink figures, CancellationToken cancellationToken)
    {
        var missing = BaselineParts.None;
        if (parts.HasFlag(BaselineParts.GatewayCalls) && !Figures.ContainsKey(GatewayCallsKey)) missing |= BaselineParts.GatewayCalls;
        if (parts.HasFlag(BaselineParts.MinimalApi) && !Figures.ContainsKey(MinimalApiKey)) missing |= BaselineParts.MinimalApi;
        if (parts.HasFlag(BaselineParts.MemoryStreams) && !Figures.ContainsKey(MemoryStreamsKey)) missing |= BaselineParts.MemoryStreams;
        if (parts.HasFlag(BaselineParts.AdoStreams) && !Figures.ContainsKey(AdoStreamsDurableKey)) missing |= BaselineParts.AdoStreams;
        if (parts.HasFlag(BaselineParts.Heap) && !Figures.ContainsKey(EmptyGrainHeapKey)) missing |= BaselineParts.Heap;
        if (parts.HasFlag(BaselineParts.AdoStreamsOneByOne) && !Figures.ContainsKey(AdoStreamsOneByOneKey)) missing |= BaselineParts.AdoStreamsOneByOne;
        if (missing != BaselineParts.None)
        {
            FigureSink.Progress($"baseline not measured in this run yet ({missing}): measuring it first");
            await MeasureAsync(missing, mode, figures, cancellationToken);
        }
    }

    private static async Task MeasureAsync(BaselineParts parts, RunMode mode, FigureSink figures, CancellationToken cancellationToken)
    {
        const string scenario = "baseline";
        var grains = mode.IsSmoke ? SmokeGrains : FullGrains;
        if (parts.HasFlag(BaselineParts.Heap))
        {
            // Heap first, in a fresh host, before load has grown the process.
            await using var host = await BaselineHost.StartAsync(null, cancellationToken);
            var (empty, persistent) = await MeasureHeapAsync(host, grains, cancellationToken);
            Figures[EmptyGrainHeapKey] = empty / 1024;
            Figures[PersistentGrainHeapKey] = persistent / 1024;
            figures.Add(Figure.Info(scenario, $"managed heap per empty grain ({grains:N0})", empty / 1024, "KB", "activated, after three full compacting collections, minus the heap before, divided by the count"));
            figures.Add(Figure.Info(scenario, $"managed heap per grain with IPersistentState ({grains:N0})", persistent / 1024, "KB", "small state (2 fields), memory grain storage"));
        }

        if (parts.HasFlag(BaselineParts.GatewayCalls) || parts.HasFlag(BaselineParts.MinimalApi) || parts.HasFlag(BaselineParts.MemoryStreams))
        {
            await using var host = await BaselineHost.StartAsync(null, cancellationToken);
            if (parts.HasFlag(BaselineParts.GatewayCalls))
            {
                FigureSink.Progress("bare grain calls from an external client process (gateway)");
                await using var reader = LoadProcess.StartSelf("bare reader (bare-reads)",
                    ["bare-reads", Text(host.GatewayPort), Text(grains), Text(InFlight)]);
                await reader.WaitReadyAsync(TimeSpan.FromSeconds(60), cancellationToken);
                await Task.Delay(mode.Warmup, cancellationToken);
                var before = await reader.MarkAsync(cancellationToken);
                var clock = Stopwatch.StartNew();
                await Task.Delay(mode.Measure, cancellationToken);
                var after = await reader.MarkAsync(cancellationToken);
                var seconds = clock.Elapsed.TotalSeconds;
                var rate = (after.Count - before.Count) / seconds;
                Figures[GatewayCallsKey] = rate;
                figures.Add(Figure.Info(scenario, "bare grain calls/s via gateway (other process)", rate, "calls/s",
                    $"{InFlight} in flight, {grains:N0} random trivial grains; client CPU {(after.Cpu - before.Cpu).TotalSeconds / seconds * 100:0}% of a core"));
            }

            if (parts.HasFlag(BaselineParts.MinimalApi))
            {
                FigureSink.Progress("bare minimal API + grain call");
                var result = await HttpLoad.MeasureAsync("bare HTTP load (http-load)", host.HttpUrl, "/bare/{i}", grains, null, mode, cancellationToken);
                Figures[MinimalApiKey] = result.RequestsPerSecond;
                Figures[MinimalApiP99Key] = result.P99Ms;
                figures.Add(Figure.Info(scenario, "bare minimal API + grain call, req/s", result.RequestsPerSecond, "req/s", result.Describe()));
            }

            if (parts.HasFlag(BaselineParts.MemoryStreams))
            {
                FigureSink.Progress($"memory streams, arrays of {EventsPerBatch} per OnNextAsync");
                var (rate, p99) = await MeasureStreamsAsync(host, BaselineHost.MemoryStreams, mode, cancellationToken);
                Figures[MemoryStreamsKey] = rate;
                figures.Add(Figure.Info(scenario, $"memory streams, arrays of {EventsPerBatch}: events/s", rate, "events/s",
                    $"{Streams} streams, {BatchesInFlightPerStream} OnNextAsync in flight each, at most {MaxUndelivered:N0} events undelivered, subscriber in the silo process; p99 send→receive {p99:0} ms"));
            }
        }

        if (parts.HasFlag(BaselineParts.AdoStreamsOneByOne))
        {
            // What a producer gets that sends each event on its own (one queue row and commit per event).
            await using var postgres = await BenchPostgres.StartAsync(durable: true, cancellationToken);
            var database = await postgres.CreateMigratedDatabaseAsync("twin_baseline_single", cancellationToken);
            await using var host = await BaselineHost.StartAsync(database, cancellationToken);
            FigureSink.Progress($"ADO.NET streams ({postgres.Label}), one event per OnNextAsync");
            var (rate, p99) = await MeasureStreamsAsync(host, BaselineHost.AdoStreams, mode, cancellationToken, eventsPerBatch: 1);
            Figures[AdoStreamsOneByOneKey] = rate;
            figures.Add(Figure.Info(scenario, $"ADO.NET streams ({postgres.Label}), one by one: events/s", rate, "events/s",
                $"{Streams} streams, {BatchesInFlightPerStream} in flight each; p99 send→receive {p99:0} ms"));
        }

        if (parts.HasFlag(BaselineParts.AdoStreams))
        {
            // The smoke runs the durable server only (seconds count there).
            foreach (var durable in mode.IsSmoke ? new[] { true } : [true, false])
            {
                await using var postgres = await BenchPostgres.StartAsync(durable, cancellationToken);
                var database = await postgres.CreateMigratedDatabaseAsync("twin_baseline", cancellationToken);
                await using var host = await BaselineHost.StartAsync(database, cancellationToken);
                FigureSink.Progress($"ADO.NET streams ({postgres.Label}), arrays of {EventsPerBatch} per OnNextAsync");
                var (rate, p99) = await MeasureStreamsAsync(host, BaselineHost.AdoStreams, mode, cancellationToken);
                Figures[durable ? AdoStreamsDurableKey : AdoStreamsFastKey] = rate;
                figures.Add(Figure.Info(scenario, $"ADO.NET streams ({postgres.Label}), arrays of {EventsPerBatch}: events/s", rate, "events/s",
                    $"{await postgres.DescribeAsync(cancellationToken)}; {Streams} streams, {BatchesInFlightPerStream} in flight each, at most {MaxUndelivered:N0} undelivered; p99 send→receive {p99:0} ms"));
            }
        }
    }

    private static async Task<(double Empty, double Persistent)> MeasureHeapAsync(BaselineHost host, int count, CancellationToken cancellationToken)
    {
        await host.Grains.GetGrain<IEmptyGrain>(-1).Ping();
        await host.Grains.GetGrain<IPersistentBareGrain>(-1).Ping();
        var before = FullyCollectedHeap();
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 500, CancellationToken = cancellationToken },
            async (i, _) => await host.Grains.GetGrain<IEmptyGrain>(i).Ping());
        var empty = FullyCollectedHeap();
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 500, CancellationToken = cancellationToken },
            async (i, _) => await host.Grains.GetGrain<IPersistentBareGrain>(i).Ping());
        var persistent = FullyCollectedHeap();
        return ((empty - before) / (double)count, (persistent - empty) / (double)count);
    }

    /// <summary>Producers keep <see cref="BatchesInFlightPerStream"/> batches in flight per stream; a subscriber counts events.</summary>
    private static async Task<(double EventsPerSecond, double P99Ms)> MeasureStreamsAsync(BaselineHost host, string provider, RunMode mode, CancellationToken cancellationToken, int eventsPerBatch = EventsPerBatch)
    {
        var streams = host.Client.GetStreamProvider(provider);
        long received = 0;
        var latencies = new LatencyRecorder();
        var measuring = false;
        var handles = new List<StreamSubscriptionHandle<BareEvent[]>>();
        var ids = Enumerable.Range(0, Streams).Select(i => StreamId.Create("bare-events", $"{provider}-{i}")).ToList();
        foreach (var id in ids)
        {
            handles.Add(await streams.GetStream<BareEvent[]>(id).SubscribeAsync((batch, _) =>
            {
                Interlocked.Add(ref received, batch.Length);
                if (Volatile.Read(ref measuring) && batch.Length > 0)
                {
                    latencies.Record(Stopwatch.GetElapsedTime(batch[0].TicksSent).TotalMilliseconds);
                }

                return Task.CompletedTask;
            }));
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        long rejected = 0;
        long sent = 0;
        var producers = ids.SelectMany(id => Enumerable.Range(0, BatchesInFlightPerStream).Select(_ => Task.Run(async () =>
        {
            var stream = streams.GetStream<BareEvent[]>(id);
            long sequence = 0;
            while (!stop.IsCancellationRequested)
            {
                // Flow control, as a real producer must: never more than MaxUndelivered events on the way.
                while (Interlocked.Read(ref sent) - Interlocked.Read(ref received) > MaxUndelivered && !stop.IsCancellationRequested)
                {
                    await Task.Delay(1, CancellationToken.None);
                }

                Interlocked.Add(ref sent, eventsPerBatch);
                var now = Stopwatch.GetTimestamp();
                var batch = new BareEvent[eventsPerBatch];
                for (var i = 0; i < batch.Length; i++)
                {
                    batch[i] = new BareEvent(sequence++, now);
                }

                try
                {
                    await stream.OnNextAsync(batch);
                }
                catch (Exception) when (!stop.IsCancellationRequested)
                {
                    // Memory streams have no backpressure: a full queue throws. Back off, as ingest must.
                    Interlocked.Increment(ref rejected);
                    await Task.Delay(5, CancellationToken.None);
                }
            }
        }, CancellationToken.None))).ToList();

        await Task.Delay(mode.Warmup, cancellationToken);
        Volatile.Write(ref measuring, true);
        var before = Interlocked.Read(ref received);
        var clock = Stopwatch.StartNew();
        await Task.Delay(mode.Measure, cancellationToken);
        var after = Interlocked.Read(ref received);
        var seconds = clock.Elapsed.TotalSeconds;
        await stop.CancelAsync();
        await Task.WhenAll(producers);
        foreach (var handle in handles)
        {
            await handle.UnsubscribeAsync();
        }

        if (after - before <= 0)
        {
            throw new InvalidOperationException($"Stream provider {provider} delivered nothing in {seconds:0.0} s ({rejected} sends rejected).");
        }

        return ((after - before) / seconds, latencies.Count > 0 ? latencies.Percentile(99) : double.NaN);
    }

    public static long FullyCollectedHeap()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
