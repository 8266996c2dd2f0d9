using Twin.Erp.Connector;
using Twin.Erp.Outbox;

namespace Twin.Erp.Tests.Outbox;

public sealed class ErpOutboxBatchingTests
{
    [Fact]
    public void A_partial_batch_waits_until_its_oldest_transaction_reaches_the_batch_age()
    {
        var h = new OutboxHarness();
        h.Offer(2);

        Assert.Null(h.Outbox.NextBatch());
        Assert.Equal(OutboxHarness.Start + TimeSpan.FromSeconds(1), h.Outbox.NextDueAt());

        h.Clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Null(h.Outbox.NextBatch());
        h.Clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(2, h.TakeDueBatch("age reached").Transactions.Count);
    }

    [Fact]
    public void A_full_batch_is_due_at_once_and_never_larger_than_the_batch_size()
    {
        var h = new OutboxHarness();
        var offered = h.Offer(7);

        Assert.Equal(h.Clock.GetUtcNow(), h.Outbox.NextDueAt());
        var first = h.TakeDueBatch("full batch");
        var second = h.TakeDueBatch("second full batch");

        Assert.Equal(offered.Take(3), first.Transactions);
        Assert.Equal(offered.Skip(3).Take(3), second.Transactions);
        Assert.Null(h.Outbox.NextBatch()); // one left, younger than the batch age
        Assert.Equal(6, h.Outbox.Figures().InFlightCount);
    }

    [Fact]
    public void Transactions_being_posted_are_not_handed_out_again()
    {
        var h = new OutboxHarness();
        h.Offer(2);
        h.Clock.Advance(TimeSpan.FromSeconds(5));
        h.TakeDueBatch("old enough");

        Assert.Null(h.Outbox.NextBatch(flush: true));
        Assert.Null(h.Outbox.NextDueAt());
    }

    [Fact]
    public void Flush_posts_young_transactions_immediately()
    {
        var h = new OutboxHarness();
        h.Offer(1);

        var batch = h.Outbox.NextBatch(flush: true);

        Assert.NotNull(batch);
        Assert.Single(batch.Transactions);
    }

    [Fact]
    public void Booked_transactions_leave_the_queue_and_count_as_posted()
    {
        var h = new OutboxHarness();
        h.Offer(3);
        var batch = h.TakeDueBatch("full");

        var tally = h.Outbox.RecordOutcomes(batch, OutboxHarness.All(batch, k => ErpPostOutcome.Booked(k, "49001", alreadyBooked: k == batch.Transactions[0].IdempotencyKey)));

        Assert.Equal(new ErpOutcomeTally(Booked: 2, AlreadyBooked: 1, Retried: 0, DeadLettered: 0), tally);
        var figures = h.Outbox.Figures();
        Assert.Equal((0, 0, 3L, (TimeSpan?)null), (figures.PendingCount, figures.InFlightCount, figures.Posted, figures.OldestPendingAge));
    }

    [Fact]
    public void Oldest_pending_age_is_reported()
    {
        var h = new OutboxHarness();
        h.Offer(1, "early");
        h.Clock.Advance(TimeSpan.FromSeconds(30));
        h.Offer(1, "late");

        Assert.Equal(TimeSpan.FromSeconds(30), h.Outbox.Figures().OldestPendingAge);
    }

    [Fact]
    public void After_a_restart_transactions_that_were_being_posted_are_posted_again()
    {
        var h = new OutboxHarness();
        var offered = h.Offer(3);
        h.TakeDueBatch("full"); // the silo dies here, before outcomes are recorded

        var restarted = new OutboxHarness(state: System.Text.Json.JsonSerializer.Deserialize<ErpOutboxState>(
            System.Text.Json.JsonSerializer.Serialize(h.Outbox.State)));

        var batch = restarted.TakeDueBatch("pending from before the restart");
        Assert.Equal(offered.Select(t => t.IdempotencyKey), batch.Transactions.Select(t => t.IdempotencyKey));
    }
}
