using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Twin.Contracts;
using Twin.Domain.Objectives;

namespace Twin.Grains.Kpis;

/// <summary>
/// Where the grains of this silo count the end-to-end latencies of the workflows: each goes to the metrics at once and
/// into a small histogram per plant and workflow, which <see cref="ObjectiveReporter"/> hands to the plant's KPI grain
/// every few seconds. A latency costs a histogram record and a bucket increment under a per-histogram lock; memory is
/// plants × workflows × buckets, whatever the rate.
/// </summary>
public sealed class ObjectiveRecorder(IOptions<ObjectiveOptions> options)
{
    private readonly ObjectiveOptions _options = options.Value;
    private readonly ConcurrentDictionary<(string Plant, string Workflow), Pending> _pending = new();

    /// <summary>The objectives in force.</summary>
    public ObjectiveOptions Options => _options;

    /// <summary>Counts one latency of <paramref name="workflow"/> in <paramref name="plant"/>, from the source time stamp to <paramref name="now"/>.</summary>
    public void Record(string plant, string workflow, DateTimeOffset sourceTime, DateTimeOffset now) =>
        Record(plant, workflow, (now - sourceTime).TotalSeconds);

    /// <summary>Counts one latency of <paramref name="seconds"/> (a negative one, a source clock ahead of ours, counts as zero).</summary>
    public void Record(string plant, string workflow, double seconds)
    {
        seconds = Math.Max(0, seconds);
        var objective = _options.For(workflow).TotalSeconds;
        KpiMetrics.RecordLatency(plant, workflow, seconds, seconds <= objective);
        var pending = _pending.GetOrAdd((plant, workflow), static _ => new Pending());
        lock (pending)
        {
            pending.Histogram.Add(seconds, objective);
        }
    }

    /// <summary>What was counted since the last call, per plant (and forgets it).</summary>
    public IReadOnlyDictionary<string, List<LatencyCounts>> Drain()
    {
        var drained = new Dictionary<string, List<LatencyCounts>>(StringComparer.Ordinal);
        foreach (var ((plant, workflow), pending) in _pending)
        {
            LatencyHistogram taken;
            lock (pending)
            {
                if (pending.Histogram.Count == 0)
                {
                    continue;
                }

                taken = pending.Histogram;
                pending.Histogram = new LatencyHistogram();
            }

            if (!drained.TryGetValue(plant, out var list))
            {
                drained[plant] = list = [];
            }

            list.Add(new LatencyCounts(workflow, taken.Buckets(), taken.Met, taken.Missed, taken.Sum, taken.Max));
        }

        return drained;
    }

    /// <summary>Puts counts back that could not be handed over (the KPI grain was unreachable): they go with the next report.</summary>
    public void Return(string plant, IReadOnlyList<LatencyCounts> counts)
    {
        foreach (var c in counts)
        {
            var pending = _pending.GetOrAdd((plant, c.Workflow), static _ => new Pending());
            lock (pending)
            {
                pending.Histogram.Merge(LatencyHistogram.From(c.Buckets, c.Met, c.Missed, c.SumSeconds, c.MaxSeconds));
            }
        }
    }

    private sealed class Pending
    {
        public LatencyHistogram Histogram { get; set; } = new();
    }
}
