using Twin.Erp.Outbox;

namespace Twin.Erp.Tests.Outbox;

/// <summary>The plant's hold-off while the ERP fails: backoff for batches, one-document probes, the first answer ends it.</summary>
public sealed class ErpHoldOffTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 4, 8, 0, 0, TimeSpan.Zero);

    private static ErpOutboxOptions Options(TimeSpan? probe = null) => new()
    {
        InitialRetryDelay = TimeSpan.FromMilliseconds(100),
        MaxRetryDelay = TimeSpan.FromSeconds(30),
        ProbeInterval = probe ?? TimeSpan.FromSeconds(1),
        RetryJitter = 0.2,
    };

    [Fact]
    public void Without_failures_a_batch_may_be_posted()
    {
        var holdOff = new ErpHoldOff(Options());

        Assert.Equal(ErpPostingStep.Batch, holdOff.Next(T0));
        Assert.Null(holdOff.ProbeAt);
        Assert.Null(holdOff.Answered(T0));
    }

    [Fact]
    public void A_long_outage_grows_the_hold_off_to_its_maximum_but_the_ERP_is_probed_once_per_interval_throughout()
    {
        var holdOff = new ErpHoldOff(Options());
        var now = T0;
        var probes = 0;
        var batches = 0;
        var lastFailed = now;
        // Ten minutes of outage on a 10 ms tick: every allowed post fails.
        for (var tick = 0; tick < 60_000; tick++, now += TimeSpan.FromMilliseconds(10))
        {
            var step = holdOff.Next(now);
            if (step == ErpPostingStep.Wait)
            {
                continue;
            }

            probes += step == ErpPostingStep.Probe ? 1 : 0;
            batches += step == ErpPostingStep.Batch ? 1 : 0;
            holdOff.Failed(now, retryAfter: null, random01: 0.5);
            lastFailed = now;
        }

        // Batches only while the backoff was shorter than the probe interval (100, 200, 400, 800 ms, then 1.6 s > 1 s).
        Assert.Equal(5, batches);
        // Then one document per second, never more: ~600 in ten minutes (no hammering of a recovering ERP).
        Assert.InRange(probes, 590, 600);
        // Without the probes the next post would wait for the hold-off, at its 30 s maximum.
        Assert.Equal(TimeSpan.FromSeconds(30), holdOff.HoldUntil - lastFailed);

        // The ERP answers the next probe: the hold-off ends at once.
        var probeAt = holdOff.ProbeAt!.Value;
        Assert.Equal(ErpPostingStep.Probe, holdOff.Next(probeAt));
        var failingFor = holdOff.Answered(probeAt);
        Assert.Equal(probeAt - T0, failingFor);
        Assert.Equal(ErpPostingStep.Batch, holdOff.Next(probeAt));
        Assert.Equal(0, holdOff.FailureStreak);
        Assert.Null(holdOff.FailingSince);
    }

    [Fact]
    public void A_probe_is_never_sooner_than_the_ERPs_Retry_After()
    {
        var holdOff = new ErpHoldOff(Options());

        holdOff.Failed(T0, retryAfter: TimeSpan.FromSeconds(20), random01: 0.5);

        Assert.Equal(T0 + TimeSpan.FromSeconds(20), holdOff.ProbeAt);
        Assert.Equal(T0 + TimeSpan.FromSeconds(20), holdOff.HoldUntil);
        Assert.Equal(ErpPostingStep.Wait, holdOff.Next(T0 + TimeSpan.FromSeconds(19.9)));
    }

    [Theory]
    [InlineData(0.0, 800)]
    [InlineData(0.5, 1000)]
    [InlineData(0.999, 1199.6)]
    public void Probes_are_spread_by_the_jitter_so_plants_sharing_an_ERP_do_not_probe_in_step(double random, double expectedMs)
    {
        var holdOff = new ErpHoldOff(Options());

        holdOff.Failed(T0, retryAfter: null, random01: random);

        Assert.Equal(expectedMs, (holdOff.ProbeAt!.Value - T0).TotalMilliseconds, precision: 1);
    }

    [Fact]
    public void With_probing_off_only_the_hold_off_decides()
    {
        var holdOff = new ErpHoldOff(Options(TimeSpan.Zero));
        var now = T0;
        for (var i = 0; i < 12; i++)
        {
            now = holdOff.FailureStreak == 0 ? now : holdOff.HoldUntil;
            holdOff.Failed(now, retryAfter: null, random01: 0.5);
        }

        Assert.Null(holdOff.ProbeAt);
        Assert.Equal(ErpPostingStep.Wait, holdOff.Next(holdOff.HoldUntil - TimeSpan.FromMilliseconds(1)));
        Assert.Equal(TimeSpan.FromSeconds(30), holdOff.HoldUntil - now);
    }

    [Theory]
    [InlineData("00:00:00", true)]
    [InlineData("00:00:00.100", true)]
    [InlineData("00:00:02", true)]
    [InlineData("00:00:00.050", false)]
    [InlineData("01:00:01", false)]
    public void The_probe_interval_is_off_or_between_100_ms_and_an_hour(string interval, bool valid)
    {
        var options = new ErpOutboxOptions { ProbeInterval = TimeSpan.Parse(interval, System.Globalization.CultureInfo.InvariantCulture) };

        var result = new ErpOutboxOptionsValidator().Validate(null, options);

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.Contains("Erp:Outbox:ProbeInterval", result.FailureMessage, StringComparison.Ordinal);
        }
    }
}
