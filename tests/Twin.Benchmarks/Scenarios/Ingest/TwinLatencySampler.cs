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

    /// <summary>Reads that failed (e.g. timed out because the twin was stuck behind its stream deliveries).</summary>
    public long FailedReads { get; private set; }

    /// <summary>
    /// Polls without ever waiting on a slow twin: each sampled twin has at most one read in flight, and a twin busy
    /// for seconds simply shows up as a large latency (or as lag at the end), not as a stalled sampler.
    /// </summary>
    public async Task RunAsync(CancellationToken stop)
    {
        var lastSeen = machineIds.ToDictionary(id => id, _ => new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal));
        var pending = new Dictionary<string, Task<MachineSnapshot?>>(StringComparer.Ordinal);
        using var timer = new PeriodicTimer(pollEvery);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                foreach (var id in machineIds)
                {
                    if (pending.TryGetValue(id, out var read))
                    {
                        if (!read.IsCompleted)
                        {
                            continue;
                        }

                        pending.Remove(id);
                        if (read.IsCompletedSuccessfully && read.Result is { } snapshot)
                        {
                            Observe(id, snapshot, lastSeen[id]);
                        }
                        else if (!read.IsCompletedSuccessfully)
                        {
                            FailedReads++;
                        }
                    }

                    pending[id] = grains.GetGrain<IMachineGrain>(id).GetSnapshot();
                }

                Polls++;
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Window over; reads still in flight are left to finish on their own.
        }
    }

    private void Observe(string id, MachineSnapshot snapshot, Dictionary<string, DateTimeOffset> seen)
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var signal in snapshot.Signals)
        {
            var known = seen.TryGetValue(signal.Name, out var previous);
            if (known && signal.SourceTimestamp <= previous)
            {
                continue;
            }

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
