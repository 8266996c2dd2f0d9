using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Twin.Erp.Inbound;

namespace Twin.Erp.Tests.Inbound;

public sealed class ErpPollFailureLogTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    [Fact]
    public void An_hour_of_failed_polls_every_5_s_writes_one_line_per_interval_and_one_recovery_line()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 8, 0, 0, TimeSpan.Zero));
        var logger = new FakeLogger<ErpPollFailureLogTests>();
        var log = new ErpPollFailureLog("P1", Interval, clock, logger);

        // 720 polls, one every 5 s, all failing (the ERP is down for an hour).
        for (var poll = 0; poll < 720; poll++)
        {
            log.Failed($"SAP not reached (connection refused, poll {poll})");
            clock.Advance(TimeSpan.FromSeconds(5));
        }

        var failing = logger.Collector.GetSnapshot();
        Assert.True(log.Failing);
        Assert.Equal(12, failing.Count); // at once, then at 5, 10, … 55 minutes
        Assert.All(failing, r => Assert.Equal(LogLevel.Warning, r.Level));
        Assert.Equal("ERP orders of plant P1 not read for now: SAP not reached (connection refused, poll 0)", failing[0].Message);
        Assert.StartsWith("ERP orders of plant P1 still not read: 61 polls failed since 2026-12-03 08:00:00Z; latest: SAP not reached (connection refused, poll 60)", failing[1].Message, StringComparison.Ordinal);

        log.Succeeded();
        log.Succeeded();
        var all = logger.Collector.GetSnapshot();
        Assert.Equal(13, all.Count); // one recovery line, not one per working poll
        Assert.Equal(LogLevel.Information, all[^1].Level);
        Assert.Equal("ERP orders of plant P1 read again after 720 failed polls (failing since 2026-12-03 08:00:00Z, 3600 s)", all[^1].Message);
        Assert.False(log.Failing);

        // A new outage is told at once again, counted from its own start.
        log.Failed("SAP answered 503");
        Assert.Equal(14, logger.Collector.Count);
        Assert.Equal("ERP orders of plant P1 not read for now: SAP answered 503", logger.LatestRecord.Message);
    }

    [Fact]
    public void Working_polls_write_nothing()
    {
        var logger = new FakeLogger<ErpPollFailureLogTests>();
        var log = new ErpPollFailureLog("P1", Interval, new FakeTimeProvider(), logger);
        for (var poll = 0; poll < 100; poll++)
        {
            log.Succeeded();
        }

        Assert.Equal(0, logger.Collector.Count);
    }
}
