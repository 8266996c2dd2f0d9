using Twin.Erp.Connector;
using Twin.Erp.Outbox;

namespace Twin.Erp.Tests.Outbox;

public sealed class ErpOutboxRetryTests
{
    [Fact]
    public void Transient_failures_wait_with_doubling_capped_backoff_and_are_never_dropped()
    {
        var h = new OutboxHarness();
        h.Offer(1);
        var expectedWaits = new[] { 1, 2, 4, 8, 8, 8 };

        foreach (var (wait, attempt) in expectedWaits.Select((w, i) => (w, i + 1)))
        {
            var batch = h.Outbox.NextBatch(flush: true);
            Assert.True(batch is not null, $"attempt {attempt}: the transaction should be due");
            h.Outbox.RecordOutcomes(batch, OutboxHarness.All(batch, k => ErpPostOutcome.Transient(k, "ERP answered 503")));

            var pending = Assert.Single(h.Outbox.Pending);
            Assert.Equal(attempt, pending.Attempts);
            Assert.Equal("ERP answered 503", pending.LastFailure);
            Assert.Equal(h.Clock.GetUtcNow() + TimeSpan.FromSeconds(wait), pending.NextAttemptAt);
            Assert.Equal(pending.NextAttemptAt, h.Outbox.NextDueAt());

            h.Clock.Advance(TimeSpan.FromSeconds(wait) - TimeSpan.FromMilliseconds(1));
            Assert.Null(h.Outbox.NextBatch());
            h.Clock.Advance(TimeSpan.FromMilliseconds(1));
        }

        Assert.Equal(expectedWaits.Length, h.Outbox.Figures().Retried);
        Assert.Equal(0, h.Outbox.Figures().DeadLetterCount);
    }

    [Fact]
    public void Retry_after_from_the_erp_is_honoured_when_longer_than_the_backoff()
    {
        var h = new OutboxHarness();
        h.Offer(1);
        var batch = h.Outbox.NextBatch(flush: true)!;

        h.Outbox.RecordOutcomes(batch, OutboxHarness.All(batch, k => ErpPostOutcome.Transient(k, "429", TimeSpan.FromSeconds(30))));

        Assert.Equal(h.Clock.GetUtcNow() + TimeSpan.FromSeconds(30), h.Outbox.Pending[0].NextAttemptAt);
    }

    [Fact]
    public void A_retry_is_posted_as_soon_as_its_time_comes_without_waiting_for_the_batch_age()
    {
        var h = new OutboxHarness(o => o.MaxBatchAge = TimeSpan.FromMinutes(10));
        h.Offer(1);
        var batch = h.Outbox.NextBatch(flush: true)!;
        h.Outbox.RecordOutcomes(batch, OutboxHarness.All(batch, k => ErpPostOutcome.Transient(k, "timeout")));

        h.Clock.Advance(TimeSpan.FromSeconds(1));

        Assert.NotNull(h.Outbox.NextBatch());
    }

    [Fact]
    public void A_transaction_the_outcomes_do_not_mention_stays_pending_as_transient()
    {
        var h = new OutboxHarness();
        h.Offer(3);
        var batch = h.TakeDueBatch("full");

        var tally = h.Outbox.RecordOutcomes(batch, [ErpPostOutcome.Booked(batch.Transactions[0].IdempotencyKey, "1")]);

        Assert.Equal(2, tally.Retried);
        Assert.Equal(2, h.Outbox.Figures().PendingCount);
        Assert.All(h.Outbox.Pending, p => Assert.Contains("no outcome", p.LastFailure, StringComparison.Ordinal));
    }

    [Fact]
    public void A_released_batch_is_retried_later()
    {
        var h = new OutboxHarness();
        h.Offer(3);
        var batch = h.TakeDueBatch("full");

        h.Outbox.ReleaseBatch(batch, "silo shutting down");

        Assert.Equal(3, h.Outbox.Figures().PendingCount);
        Assert.Equal(0, h.Outbox.Figures().InFlightCount);
        Assert.All(h.Outbox.Pending, p => Assert.Equal(1, p.Attempts));
    }

    [Theory]
    [InlineData(0.0, 800)]
    [InlineData(0.5, 1000)]
    [InlineData(0.999, 1199.6)]
    public void Jitter_spreads_the_delay_by_the_configured_fraction(double random, double expectedMs)
    {
        var options = new ErpOutboxOptions { InitialRetryDelay = TimeSpan.FromSeconds(1), RetryJitter = 0.2 };

        var delay = ErpRetryDelay.For(1, null, options, random);

        Assert.Equal(expectedMs, delay.TotalMilliseconds, precision: 1);
    }
}
