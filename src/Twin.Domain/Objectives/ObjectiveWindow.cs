namespace Twin.Domain.Objectives;

/// <summary>
/// The latencies of one workflow over a sliding window, kept as one histogram per slice (one minute by default):
/// memory is slices × buckets whatever the traffic, adding costs one slice lookup, and the window's figures are the
/// slices of the window merged. Slices older than the window are dropped as time moves on.
/// </summary>
public sealed class ObjectiveWindow(TimeSpan window, TimeSpan slice)
{
    private readonly Queue<(DateTimeOffset Start, LatencyHistogram Histogram)> _slices = new();
    private readonly long _sliceTicks = slice > TimeSpan.Zero ? slice.Ticks : throw new ArgumentOutOfRangeException(nameof(slice), "A slice must be longer than zero.");

    /// <summary>The length of the window.</summary>
    public TimeSpan Window { get; } = window >= slice ? window : throw new ArgumentOutOfRangeException(nameof(window), "The window must hold at least one slice.");

    /// <summary>Adds <paramref name="counts"/> (latencies seen around <paramref name="at"/>) to the slice of that time.</summary>
    public void Add(LatencyHistogram counts, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var start = new DateTimeOffset(at.UtcTicks - (at.UtcTicks % _sliceTicks), TimeSpan.Zero);
        Drop(at);
        foreach (var s in _slices)
        {
            if (s.Start == start)
            {
                s.Histogram.Merge(counts);
                return;
            }
        }

        var fresh = new LatencyHistogram();
        fresh.Merge(counts);
        _slices.Enqueue((start, fresh));
    }

    /// <summary>The latencies of the window ending at <paramref name="now"/>, merged.</summary>
    public LatencyHistogram Over(DateTimeOffset now)
    {
        Drop(now);
        var total = new LatencyHistogram();
        foreach (var s in _slices)
        {
            total.Merge(s.Histogram);
        }

        return total;
    }

    private void Drop(DateTimeOffset now)
    {
        while (_slices.Count > 0 && _slices.Peek().Start.UtcTicks + _sliceTicks <= (now - Window).UtcTicks)
        {
            _slices.Dequeue();
        }
    }
}
