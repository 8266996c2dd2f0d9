namespace Twin.Benchmarks.Scenarios.Ingest;

/// <summary>Latencies in milliseconds, kept whole (a benchmark window holds at most a few hundred thousand).</summary>
public sealed class LatencyRecorder
{
    private readonly List<double> _samples = [];

    public int Count
    {
        get
        {
            lock (_samples)
            {
                return _samples.Count;
            }
        }
    }

    public void Record(double milliseconds)
    {
        lock (_samples)
        {
            _samples.Add(milliseconds);
        }
    }

    public void Clear()
    {
        lock (_samples)
        {
            _samples.Clear();
        }
    }

    public double Percentile(double p)
    {
        double[] sorted;
        lock (_samples)
        {
            sorted = [.. _samples];
        }

        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        Array.Sort(sorted);
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }
}
