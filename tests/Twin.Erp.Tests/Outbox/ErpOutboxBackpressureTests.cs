using Twin.Erp.Connector;
using Twin.Erp.Outbox;

namespace Twin.Erp.Tests.Outbox;

public sealed class ErpOutboxBackpressureTests
{
    [Fact]
    public void A_full_outbox_refuses_new_transactions_instead_of_dropping_any()
    {
        var h = new OutboxHarness(o => o.MaxPending = 3);
        var offered = h.Offer(3);
        var extra = TestTransactions.Confirmation("e-extra");

        Assert.True(h.Outbox.IsFull);
        Assert.Equal(ErpEnqueueResult.Full, h.Outbox.Enqueue(extra));
        Assert.Equal(1, h.Outbox.Figures().Refused);
        Assert.Equal(offered, h.Outbox.Pending.Select(p => p.Transaction));

        var batch = h.TakeDueBatch("full");
        h.Outbox.RecordOutcomes(batch, OutboxHarness.All(batch, k => ErpPostOutcome.Booked(k, "1")));
        Assert.Equal(ErpEnqueueResult.Accepted, h.Outbox.Enqueue(extra));
    }

    [Fact]
    public void Too_many_unresolved_dead_letters_also_hold_back_new_transactions()
    {
        var h = new OutboxHarness(o => o.MaxDeadLetters = 2);
        h.Offer(2);
        var batch = h.Outbox.NextBatch(flush: true)!;
        h.Outbox.RecordOutcomes(batch, OutboxHarness.All(batch, k => ErpPostOutcome.Rejected(k, "no")));

        Assert.Equal(ErpEnqueueResult.Full, h.Outbox.Enqueue(TestTransactions.Confirmation("e-next")));
        Assert.True(h.Outbox.Figures().IsFull);
    }

    [Fact]
    public void Invalid_settings_are_named_in_the_error()
    {
        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            new OutboxHarness(o => { o.MaxPending = 1; o.RetryJitter = 2; }));

        Assert.Contains("Erp:Outbox:MaxPending", error.Message, StringComparison.Ordinal);
        Assert.Contains("Erp:Outbox:RetryJitter", error.Message, StringComparison.Ordinal);
    }
}
