namespace Twin.Domain.Objectives;

/// <summary>
/// The fixed bucket bounds (seconds) every latency of an objective is counted into. Fixed, so histograms from many
/// silos and many minutes add up bucket by bucket, and a histogram costs the same whatever the traffic. They span
/// 5 ms to 1 hour, denser around the default objectives (1 s, 5 s, 1 min) so percentiles near them are close.
/// </summary>
public static class LatencyBuckets
{
    /// <summary>Upper bounds (inclusive) of the buckets; one more bucket holds what is above the last bound.</summary>
    public static readonly double[] Bounds =
    [
        0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5, 7.5, 10, 15, 20, 30, 45, 60, 90, 120, 300, 600, 1800, 3600,
    ];

    /// <summary>Buckets a histogram has: one per bound and one above the last.</summary>
    public static int Count => Bounds.Length + 1;

    /// <summary>The bucket <paramref name="seconds"/> falls in (binary search: 5 probes).</summary>
    public static int IndexOf(double seconds)
    {
        var index = Array.BinarySearch(Bounds, seconds);
        return index >= 0 ? index : ~index;
    }
}
