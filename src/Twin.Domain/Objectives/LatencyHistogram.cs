namespace Twin.Domain.Objectives;

/// <summary>
/// Latencies of one workflow counted into <see cref="LatencyBuckets"/>, with exact counts of those within and beyond
/// the objective (decided when each latency is added, so met/missed does not depend on bucket edges). Percentiles are
/// read from the buckets, interpolated linearly inside the bucket that holds them.
/// </summary>
public sealed class LatencyHistogram
{
    private readonly long[] _counts;

    public LatencyHistogram()
        : this(new long[LatencyBuckets.Count], 0, 0, 0, 0)
    {
    }

    private LatencyHistogram(long[] counts, long met, long missed, double sum, double max)
    {
        _counts = counts;
        Met = met;
        Missed = missed;
        Sum = sum;
        Max = max;
    }

    /// <summary>Latencies within the objective.</summary>
    public long Met { get; private set; }

    /// <summary>Latencies beyond the objective.</summary>
    public long Missed { get; private set; }

    /// <summary>All latencies counted.</summary>
    public long Count => Met + Missed;

    /// <summary>Sum of the latencies, in seconds (for the mean).</summary>
    public double Sum { get; private set; }

    /// <summary>Largest latency counted, in seconds.</summary>
    public double Max { get; private set; }

    /// <summary>Count per bucket (a copy), the shape <see cref="From"/> takes back.</summary>
    public long[] Buckets() => (long[])_counts.Clone();

    /// <summary>
    /// Counts one latency against <paramref name="objective"/> (seconds). A negative latency (a source clock ahead of
    /// ours) counts as zero: it arrived, and no faster than instantly.
    /// </summary>
    public void Add(double seconds, double objective)
    {
        if (double.IsNaN(seconds))
        {
            return;
        }

        seconds = Math.Max(0, seconds);
        _counts[LatencyBuckets.IndexOf(seconds)]++;
        if (seconds <= objective)
        {
            Met++;
        }
        else
        {
            Missed++;
        }

        Sum += seconds;
        Max = Math.Max(Max, seconds);
    }

    /// <summary>Adds every count of <paramref name="other"/> to this one.</summary>
    public void Merge(LatencyHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (var i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }

        Met += other.Met;
        Missed += other.Missed;
        Sum += other.Sum;
        Max = Math.Max(Max, other.Max);
    }

    /// <summary>
    /// The latency below which <paramref name="quantile"/> (0–1) of the counted ones lie, or null when none was
    /// counted. Above the last bound the largest latency seen is the best estimate there is.
    /// </summary>
    public double? Percentile(double quantile)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(quantile, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quantile, 1);
        var total = Count;
        if (total == 0)
        {
            return null;
        }

        var rank = quantile * total;
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            if (_counts[i] == 0)
            {
                continue;
            }

            if (seen + _counts[i] >= rank)
            {
                if (i == LatencyBuckets.Bounds.Length)
                {
                    return Max;
                }

                var lower = i == 0 ? 0 : LatencyBuckets.Bounds[i - 1];
                var upper = Math.Min(LatencyBuckets.Bounds[i], Max);
                var within = (rank - seen) / _counts[i];
                return Math.Max(lower, Math.Min(upper, lower + ((upper - lower) * within)));
            }

            seen += _counts[i];
        }

        return Max;
    }

    /// <summary>A histogram from counts another one gave with <see cref="Buckets"/> (e.g. sent by a silo).</summary>
    public static LatencyHistogram From(IReadOnlyList<long> buckets, long met, long missed, double sum, double max)
    {
        ArgumentNullException.ThrowIfNull(buckets);
        if (buckets.Count != LatencyBuckets.Count)
        {
            throw new ArgumentException($"A latency histogram has {LatencyBuckets.Count} buckets; got {buckets.Count}.", nameof(buckets));
        }

        if (buckets.Any(b => b < 0) || met < 0 || missed < 0 || buckets.Sum() != met + missed)
        {
            throw new ArgumentException("Bucket counts must be non-negative and add up to met + missed.", nameof(buckets));
        }

        return new LatencyHistogram(buckets.ToArray(), met, missed, sum, max);
    }
}
