using System.Diagnostics;

namespace Twin.Benchmarks.Scenarios.ErpConnectors;

/// <summary>
/// The baseline of a connector's figures: the simulator's cheapest authenticated request (it pays the same added
/// latency) from <c>inFlight</c> callers one after the other, counted over the window, with this process's CPU.
/// </summary>
internal static class BareRoundTrips
{
    public static async Task<(double PerSecond, double CpuMicrosecondsEach)> MeasureAsync(
        ConnectorTarget target, HttpClient client, int inFlight, TimeSpan warmup, TimeSpan window, CancellationToken cancellationToken)
    {
        long done = 0;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var callers = Enumerable.Range(0, inFlight).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await target.BareAsync(client, stop.Token);
                    Interlocked.Increment(ref done);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    return;
                }
            }
        }, CancellationToken.None)).ToList();

        await Task.Delay(warmup, cancellationToken);
        var before = Interlocked.Read(ref done);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await Task.Delay(window, cancellationToken);
        var count = Interlocked.Read(ref done) - before;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var elapsed = clock.Elapsed;
        await stop.CancelAsync();
        await Task.WhenAll(callers);
        if (count == 0)
        {
            throw new InvalidOperationException($"No {target.BareRoundTrip} to {target.Simulator} completed in {window.TotalSeconds:0.#} s.");
        }

        return (count / elapsed.TotalSeconds, cpu.TotalMicroseconds / count);
    }
}
