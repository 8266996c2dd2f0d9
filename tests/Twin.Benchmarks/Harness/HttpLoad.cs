using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Twin.Benchmarks.Harness;

/// <summary>
/// The HTTP load generator of every REST figure and of its bare minimal-API baseline: this benchmark program again,
/// as its own process (sub-command <c>http-load</c>), keeping a fixed number of HTTP/1.1 keep-alive connections
/// busy with GETs of random ids. In .NET rather than wrk so a fresh machine needs nothing installed, and so the
/// Twin figure and its baseline are always driven by the same generator with the same settings.
/// </summary>
public static class HttpLoad
{
    /// <summary>Connections (and requests in flight) of every REST figure and its baseline.</summary>
    public const int Connections = 64;

    public sealed record Result(double RequestsPerSecond, double P50Ms, double P99Ms, long Requests, long Errors, double GeneratorCpuCores)
    {
        public string Describe() => string.Create(CultureInfo.InvariantCulture,
            $"{Connections} connections from a .NET load process (http-load); p50 {P50Ms:0.##} ms, p99 {P99Ms:0.##} ms; load generator {GeneratorCpuCores * 100:0}% of a core");
    }

    /// <summary>
    /// Drives <paramref name="baseUrl"/> with GETs of <paramref name="pathTemplate"/> ({i} = random index below
    /// <paramref name="count"/>, {i6} = the same as 6 digits, {p3} = index / 500 as 3 digits) for warm-up + measure.
    /// </summary>
    public static async Task<Result> MeasureAsync(
        string name, string baseUrl, string pathTemplate, int count, string? apiKey, RunMode mode, CancellationToken cancellationToken)
    {
        await using var load = LoadProcess.StartSelf(name,
        [
            "http-load", baseUrl, pathTemplate, count.ToString(CultureInfo.InvariantCulture), Connections.ToString(CultureInfo.InvariantCulture),
            "--api-key", apiKey ?? "",
        ]);
        await load.WaitReadyAsync(TimeSpan.FromSeconds(60), cancellationToken);
        await Task.Delay(mode.Warmup, cancellationToken);
        var before = await load.MarkAsync(cancellationToken);
        var clock = Stopwatch.StartNew();
        await Task.Delay(mode.Measure, cancellationToken);
        var stats = (await load.AskAsync("stats", "STATS", cancellationToken)).Split(' ');
        var after = await load.MarkAsync(cancellationToken);
        var seconds = clock.Elapsed.TotalSeconds;
        var p50 = double.Parse(stats[1], CultureInfo.InvariantCulture);
        var p99 = double.Parse(stats[2], CultureInfo.InvariantCulture);
        var errors = long.Parse(stats[3], CultureInfo.InvariantCulture);
        var requests = after.Count - before.Count;
        if (errors > 0 || requests <= 0)
        {
            throw new InvalidOperationException($"{name}: {errors} failed requests ({stats.ElementAtOrDefault(4)}) and {requests} answered in {seconds:0.0} s against {baseUrl}{pathTemplate}.");
        }

        return new Result(requests / seconds, p50, p99, requests, errors, (after.Cpu - before.Cpu).TotalSeconds / seconds);
    }

    /// <summary>The load process itself: READY, then "mark" → "COUNT n" (resets latencies), "stats" → "STATS p50 p99 errors firstError".</summary>
    public static async Task<int> RunAsync(string baseUrl, string pathTemplate, int count, int connections, string? apiKey)
    {
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
        };
        using var http = new HttpClient(handler) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(30) };
        if (!string.IsNullOrEmpty(apiKey))
        {
            http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }

        string PathOf(int i) => pathTemplate
            .Replace("{i6}", i.ToString("D6", CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{p3}", (i / 500).ToString("D3", CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{i}", i.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);

        // One request first, so a broken setup fails with a message rather than as errors.
        using (var first = await http.GetAsync(PathOf(0)))
        {
            if (!first.IsSuccessStatusCode)
            {
                await Console.Error.WriteLineAsync($"http-load: GET {PathOf(0)} answered {(int)first.StatusCode}: {await first.Content.ReadAsStringAsync()}");
                return 1;
            }
        }

        // Latency histogram in 10 µs buckets up to 2 s; the last bucket holds everything slower.
        var buckets = new long[200_001];
        long requests = 0;
        long errors = 0;
        string? firstError = null;
        using var stop = new CancellationTokenSource();
        var workers = Enumerable.Range(0, connections).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            var buffer = new byte[16 * 1024];
            while (!stop.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await http.GetAsync(PathOf(random.Next(count)), HttpCompletionOption.ResponseHeadersRead, stop.Token);
                    await using var body = await response.Content.ReadAsStreamAsync(stop.Token);
                    while (await body.ReadAsync(buffer, stop.Token) > 0)
                    {
                    }

                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref errors);
                        firstError ??= $"HTTP {(int)response.StatusCode}";
                    }
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    return;
                }
                catch (HttpRequestException e)
                {
                    Interlocked.Increment(ref errors);
                    firstError ??= e.Message;
                }

                var micros = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
                Interlocked.Increment(ref buckets[Math.Min(buckets.Length - 1, (int)(micros / 10))]);
                Interlocked.Increment(ref requests);
            }
        })).ToList();

        Console.WriteLine("READY");
        while (await Console.In.ReadLineAsync() is { } line)
        {
            switch (line.Trim())
            {
                case "mark":
                    Array.Clear(buckets);
                    Console.WriteLine($"COUNT {Interlocked.Read(ref requests)}");
                    break;
                case "stats":
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"STATS {Percentile(buckets, 50):0.###} {Percentile(buckets, 99):0.###} {Interlocked.Read(ref errors)} {(firstError ?? "-").Replace(' ', '_')}"));
                    break;
            }
        }

        await stop.CancelAsync();
        await Task.WhenAll(workers);
        return 0;
    }

    private static double Percentile(long[] buckets, double p)
    {
        var total = buckets.Sum();
        if (total == 0)
        {
            return double.NaN;
        }

        var rank = (long)Math.Ceiling(p / 100 * total);
        long seen = 0;
        for (var i = 0; i < buckets.Length; i++)
        {
            seen += buckets[i];
            if (seen >= rank)
            {
                return (i + 1) * 0.01; // upper edge of the bucket, in ms
            }
        }

        return buckets.Length * 0.01;
    }
}
