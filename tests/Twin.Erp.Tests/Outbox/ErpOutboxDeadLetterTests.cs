using Twin.Erp.Connector;
using Twin.Erp.Outbox;

namespace Twin.Erp.Tests.Outbox;

public sealed class ErpOutboxDeadLetterTests
{
    [Fact]
    public void A_business_rejection_moves_to_dead_letters_with_the_erp_reason()
    {
        var h = new OutboxHarness();
        var offered = h.Offer(3);
        var batch = h.TakeDueBatch("full");

        var tally = h.Outbox.RecordOutcomes(batch, OutboxHarness.All(batch, k =>
            k == offered[1].IdempotencyKey ? ErpPostOutcome.Rejected(k, "Item FG-100 is not in the material master.") : ErpPostOutcome.Booked(k, "1")));

        Assert.Equal(1, tally.DeadLettered);
        var dead = Assert.Single(h.Outbox.DeadLetters);
        Assert.Equal(offered[1], dead.Transaction);
        Assert.Equal("Item FG-100 is not in the material master.", dead.Reason);
        Assert.Equal(h.Clock.GetUtcNow(), dead.RejectedAt);
        Assert.Equal((0, 1, 1L, 2L), (h.Outbox.Figures().PendingCount, h.Outbox.Figures().DeadLetterCount, h.Outbox.Figures().DeadLettered, h.Outbox.Figures().Posted));
    }

    [Fact]
    public void Replaying_one_dead_letter_posts_it_again_under_the_same_key()
    {
        var h = new OutboxHarness();
        var offered = RejectAll(h, 2);

        Assert.Equal(ErpReplayResult.Replayed, h.Outbox.Replay(offered[0].IdempotencyKey));
        Assert.Equal(ErpReplayResult.NotFound, h.Outbox.Replay(offered[0].IdempotencyKey));

        var batch = h.Outbox.NextBatch(flush: true)!;
        Assert.Equal(offered[0], Assert.Single(batch.Transactions));
        h.Outbox.RecordOutcomes(batch, OutboxHarness.All(batch, k => ErpPostOutcome.Booked(k, "2")));
        Assert.Equal((1L, 1L, 1), (h.Outbox.Figures().Replayed, h.Outbox.Figures().Posted, h.Outbox.Figures().DeadLetterCount));
    }

    [Fact]
    public void A_dead_letter_can_be_replayed_corrected_but_only_under_its_own_key()
    {
        var h = new OutboxHarness();
        var offered = RejectAll(h, 1);
        var corrected = offered[0] with { Item = "FG-101" };

        Assert.Throws<ArgumentException>(() => h.Outbox.Replay(offered[0].IdempotencyKey, corrected with { IdempotencyKey = "other" }));
        Assert.Equal(ErpReplayResult.Replayed, h.Outbox.Replay(offered[0].IdempotencyKey, corrected));
        Assert.Equal("FG-101", h.Outbox.Pending[0].Transaction.Item);
    }

    [Fact]
    public void Replay_all_stops_when_the_queue_is_full_and_keeps_the_rest()
    {
        var h = new OutboxHarness(o => o.MaxPending = 3);
        RejectAll(h, 3);
        h.Offer(2, "new");

        Assert.Equal(1, h.Outbox.ReplayAll());
        Assert.Equal(2, h.Outbox.DeadLetters.Count);
        Assert.Equal(ErpReplayResult.Full, h.Outbox.Replay(h.Outbox.DeadLetters[0].Transaction.IdempotencyKey));
    }

    [Fact]
    public void Discarding_a_dead_letter_keeps_its_redelivery_out()
    {
        var h = new OutboxHarness();
        var offered = RejectAll(h, 1);

        Assert.True(h.Outbox.Discard(offered[0].IdempotencyKey));
        Assert.False(h.Outbox.Discard(offered[0].IdempotencyKey));
        Assert.Equal(ErpEnqueueResult.Duplicate, h.Outbox.Enqueue(offered[0] with { }));
    }

    private static List<Twin.Erp.Transactions.ErpTransaction> RejectAll(OutboxHarness h, int count)
    {
        var offered = h.Offer(count, "rejected");
        var batch = h.Outbox.NextBatch(flush: true)!;
        h.Outbox.RecordOutcomes(batch, OutboxHarness.All(batch, k => ErpPostOutcome.Rejected(k, "unknown work order")));
        return offered;
    }
}
