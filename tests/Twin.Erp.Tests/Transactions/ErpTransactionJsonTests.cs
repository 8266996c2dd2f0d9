using System.Text.Json;
using Twin.Erp.Outbox;
using Twin.Erp.Transactions;

namespace Twin.Erp.Tests.Transactions;

public sealed class ErpTransactionJsonTests
{
    [Fact]
    public void Transaction_round_trips_through_System_Text_Json()
    {
        var transaction = TestTransactions.Make(ErpTransactionKind.StockMove, "e-42") with { Lot = "L-7", Reason = "rework" };

        var copy = JsonSerializer.Deserialize<ErpTransaction>(JsonSerializer.Serialize(transaction))!;

        Assert.Equal(transaction with { SourceEventIds = [] }, copy with { SourceEventIds = [] });
        Assert.Equal(transaction.SourceEventIds, copy.SourceEventIds);
    }

    [Fact]
    public void Missing_required_fields_fail_with_the_field_named()
    {
        var error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<ErpTransaction>("""{"Kind":0,"Plant":"P1"}"""));
        Assert.Contains("IdempotencyKey", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Outbox_state_round_trips_through_System_Text_Json()
    {
        var state = new ErpOutboxState { Posted = 3, Retried = 2 };
        state.Pending.Add(new PendingErpTransaction { Transaction = TestTransactions.Confirmation("e-1"), Attempts = 2, LastFailure = "ERP answered 503" });
        state.DeadLetters.Add(new DeadLetteredErpTransaction { Transaction = TestTransactions.Confirmation("e-2"), Reason = "unknown item", RejectedAt = DateTimeOffset.UnixEpoch });
        state.BookedKeys.Add("k");

        var copy = JsonSerializer.Deserialize<ErpOutboxState>(JsonSerializer.Serialize(state))!;

        Assert.Equal(state.Pending[0].Transaction.IdempotencyKey, copy.Pending[0].Transaction.IdempotencyKey);
        Assert.Equal(2, copy.Pending[0].Attempts);
        Assert.Equal("unknown item", copy.DeadLetters[0].Reason);
        Assert.Equal(["k"], copy.BookedKeys);
        Assert.Equal((3, 2), (copy.Posted, copy.Retried));
    }
}
