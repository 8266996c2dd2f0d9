using System.Diagnostics;
using Twin.Contracts;

namespace Twin.Benchmarks.Scenarios.Ingest;

/// <summary>
/// Latency from a signal's source time stamp (set by the PlantSimulator when the value changed) to the moment the
/// machine twin's state shows it: a sample of twins is read every few milliseconds, and a reading whose source
/// time stamp is newer than the last one seen counts once, at the time it was first seen. The error is at most
/// one poll period (reported beside the figure); the simulator runs on the same machine, so both use one clock.
/// </summary>
public sealed class TwinLatencySampler(IGrainFactory grains, IReadOnlyList<string> machineIds, TimeSpan pollEvery)
{
    public LatencyRecorder Latencies { get; } = new();

    public long Polls { get; private set; }

    /// <summary>New values seen on the sampled twins (counted once each; values replaced between two polls are missed).</summary>
    public long ValuesSeen { get; private set; }

    /// <summary>Newest source time stamp seen per sampled twin, to tell how far behind the twins are.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> Newest => _newest;

    private readonly Dictionary<string, DateTimeOffset> _newest = new(StringComparer.Ordinal);

    /// <summary>Counts from here on (end of warm-up).</summary>
    public void Reset()
    {
        Latencies.Clear();
        ValuesSeen = 0;
    }

    public async Task RunAsync(CancellationToken stop)
    {
        var lastSeen = machineIds.ToDictionary(id => id, _ => new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal));
        using var timer = new PeriodicTimer(pollEvery);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                var reads = machineIds.Select(async id => (id, snapshot: await grains.GetGrain<IMachineGrain>(id).GetSnapshot())).ToList();
                foreach (var (id, snapshot) in await Task.WhenAll(reads))
                {
                    var now = DateTimeOffset.UtcNow;
                    if (snapshot is null)
                    {
                        continue;
                    }

                    var seen = lastSeen[id];
                    foreach (var signal in snapshot.Signals)
                    {
                        var known = seen.TryGetValue(signal.Name, out var previous);
                        if (!known || signal.SourceTimestamp > previous)
                        {
                            seen[signal.Name] = signal.SourceTimestamp;
                            // The first sight of each signal tells nothing about latency (it may be minutes old).
                            if (known)
                            {
                                Latencies.Record((now - signal.SourceTimestamp).TotalMilliseconds);
                                ValuesSeen++;
                            }

                            if (!_newest.TryGetValue(id, out var newest) || signal.SourceTimestamp > newest)
                            {
                                _newest[id] = signal.SourceTimestamp;
                            }
                        }
                    }
                }

                Polls++;
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Window over.
        }
    }
}
