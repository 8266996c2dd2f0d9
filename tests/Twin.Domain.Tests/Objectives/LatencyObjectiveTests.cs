using Twin.Domain.Objectives;

namespace Twin.Domain.Tests.Objectives;

public sealed class LatencyObjectiveTests
{
    [Fact]
    public void Met_and_missed_are_decided_against_the_objective_not_the_bucket_edges()
    {
        var h = new LatencyHistogram();
        h.Add(0.9, objective: 0.8);   // same bucket as 0.6 (0.75–1 s) but beyond 0.8 s
        h.Add(0.6, objective: 0.8);
        h.Add(-3, objective: 0.8);    // a source clock ahead of ours: counts as zero, within

        Assert.Equal(2, h.Met);
        Assert.Equal(1, h.Missed);
        Assert.Equal(3, h.Count);
        Assert.Equal(0.9, h.Max, 6);
    }

    [Fact]
    public void Percentiles_come_from_the_buckets_and_stay_within_what_was_seen()
    {
        var h = new LatencyHistogram();
        for (var i = 0; i < 99; i++)
        {
            h.Add(0.2, objective: 1);
        }

        h.Add(42, objective: 1);

        var p50 = h.Percentile(0.5)!.Value;
        Assert.InRange(p50, 0.1, 0.25);   // the 0.1–0.25 s bucket
        Assert.InRange(h.Percentile(0.99)!.Value, 0.1, 0.25);
        Assert.InRange(h.Percentile(1)!.Value, 30, 42); // the 30–45 s bucket, capped by the largest seen
        Assert.Null(new LatencyHistogram().Percentile(0.5));
    }

    [Fact]
    public void Histograms_from_many_silos_add_up_bucket_by_bucket()
    {
        var a = new LatencyHistogram();
        var b = new LatencyHistogram();
        a.Add(0.5, 1);
        b.Add(3, 1);
        b.Add(4000, 1); // above the last bound

        var copy = LatencyHistogram.From(b.Buckets(), b.Met, b.Missed, b.Sum, b.Max);
        a.Merge(copy);

        Assert.Equal(3, a.Count);
        Assert.Equal(1, a.Met);
        Assert.Equal(4000, a.Percentile(1));
        Assert.Throws<ArgumentException>(() => LatencyHistogram.From([1, 2], 3, 0, 0, 0));
        Assert.Throws<ArgumentException>(() => LatencyHistogram.From(new long[LatencyBuckets.Count], 1, 0, 0, 0));
    }

    [Fact]
    public void The_window_forgets_slices_older_than_itself()
    {
        var start = new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);
        var window = new ObjectiveWindow(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(1));
        window.Add(One(5, objective: 1), start);                   // missed
        window.Add(One(0.1, objective: 1), start.AddMinutes(5));   // met

        Assert.Equal(2, window.Over(start.AddMinutes(9)).Count);
        var later = window.Over(start.AddMinutes(11));
        Assert.Equal(1, later.Count);
        Assert.Equal(1, later.Met);
        Assert.Equal(0, window.Over(start.AddMinutes(30)).Count);
    }

    [Fact]
    public void An_objective_is_met_when_the_target_share_is_within_it()
    {
        var h = new LatencyHistogram();
        Assert.Equal(ObjectiveStatus.NoData, ObjectiveVerdict.Of(h, 0.99));
        for (var i = 0; i < 99; i++)
        {
            h.Add(0.1, 1);
        }

        h.Add(2, 1);
        Assert.Equal(ObjectiveStatus.Met, ObjectiveVerdict.Of(h, 0.99));
        h.Add(2, 1);
        Assert.Equal(ObjectiveStatus.Missed, ObjectiveVerdict.Of(h, 0.99));
        Assert.Equal("missed", ObjectiveVerdict.Name(ObjectiveStatus.Missed));
        Assert.Equal("no-data", ObjectiveVerdict.Name(ObjectiveStatus.NoData));
    }

    [Fact]
    public void Holds_older_than_the_limit_are_overdue()
    {
        var now = new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);
        var (overdue, oldest) = HoldAging.Overdue([now.AddHours(-9), now.AddHours(-1), now.AddMinutes(-5)], TimeSpan.FromHours(8), now);
        Assert.Equal(1, overdue);
        Assert.Equal(now.AddHours(-9), oldest);
    }

    private static LatencyHistogram One(double seconds, double objective)
    {
        var h = new LatencyHistogram();
        h.Add(seconds, objective);
        return h;
    }
}
