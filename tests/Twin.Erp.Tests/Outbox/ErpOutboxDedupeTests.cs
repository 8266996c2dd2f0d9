using Twin.Erp.Connector;
using Twin.Erp.Outbox;

namespace Twin.Erp.Tests.Outbox;

public sealed class ErpOutboxDedupeTests
{
    [Fact]
    public void A_redelivered_transaction_is_recognised_while_pending_after_booking_and_after_rejection()
    {
        var h = new OutboxHarness();
        var pending = TestTransactions.Confirmation("e-pending");
        var booked = TestTransactions.Confirmation("e-booked");
        var rejected = TestTransactions.Confirmation("e-rejected");
        h.Outbox.Enqueue(pending);
        h.Outbox.Enqueue(booked);
        h.Outbox.Enqueue(rejected);
        var batch = h.TakeDueBatch("full");
        h.Outbox.RecordOutcomes(batch, OutboxHarness.All(batch, k =>
            k == booked.IdempotencyKey ? ErpPostOutcome.Booked(k, "1")
            : k == rejected.IdempotencyKey ? ErpPostOutcome.Rejected(k, "no")
            : ErpPostOutcome.Transient(k, "503")));

        // Redelivery builds a fresh record with the same key, as a stream consumer would.
        Assert.Equal(ErpEnqueueResult.Duplicate, h.Outbox.Enqueue(pending with { }));
        Assert.Equal(ErpEnqueueResult.Duplicate, h.Outbox.Enqueue(booked with { }));
        Assert.Equal(ErpEnqueueResult.Duplicate, h.Outbox.Enqueue(rejected with { }));
        Assert.Equal(3, h.Outbox.Figures().Duplicates);
        Assert.Single(h.Outbox.Pending);
    }

    [Fact]
    public void Booked_keys_are_remembered_up_to_the_limit_oldest_forgotten_first()
    {
        var h = new OutboxHarness(o => o.MaxRememberedBookedKeys = 2);
        var offered = h.Offer(3);
        var batch = h.TakeDueBatch("full");
        h.Outbox.RecordOutcomes(batch, OutboxHarness.All(batch, k => ErpPostOutcome.Booked(k, "1")));

        Assert.Equal(2, h.Outbox.State.BookedKeys.Count);
        Assert.Equal(ErpEnqueueResult.Accepted, h.Outbox.Enqueue(offered[0] with { }));
        Assert.Equal(ErpEnqueueResult.Duplicate, h.Outbox.Enqueue(offered[2] with { }));
    }

    [Fact]
    public void A_transaction_without_a_key_is_refused_with_a_clear_error()
    {
        var h = new OutboxHarness();

        var error = Assert.Throws<ArgumentException>(() => h.Outbox.Enqueue(TestTransactions.Confirmation("e") with { IdempotencyKey = "" }));

        Assert.Contains("ErpIdempotencyKey.Derive", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicated_entries_in_persisted_state_are_kept_once()
    {
        var transaction = TestTransactions.Confirmation("e-dup");
        var state = new ErpOutboxState();
        state.Pending.Add(new PendingErpTransaction { Transaction = transaction });
        state.Pending.Add(new PendingErpTransaction { Transaction = transaction });
        state.BookedKeys.AddRange(["a", "a", "b"]);

        var h = new OutboxHarness(state: state);

        Assert.Single(h.Outbox.Pending);
        Assert.Equal(["a", "b"], h.Outbox.State.BookedKeys);
    }
}
