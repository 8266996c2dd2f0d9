using Twin.Erp.Transactions;

namespace Twin.Erp.Tests.Transactions;

public sealed class ErpIdempotencyKeyTests
{
    [Fact]
    public void Redelivered_events_yield_the_same_key_whatever_their_order()
    {
        var first = ErpIdempotencyKey.Derive(ErpTransactionKind.ProductionConfirmation, ["e-2", "e-1"]);
        var again = ErpIdempotencyKey.Derive(ErpTransactionKind.ProductionConfirmation, ["e-1", "e-2", "e-1"]);

        Assert.Equal(first, again);
        Assert.Matches("^[0-9a-f]{64}$", first);
    }

    [Fact]
    public void Kind_events_and_discriminator_each_change_the_key()
    {
        var confirmation = ErpIdempotencyKey.Derive(ErpTransactionKind.ProductionConfirmation, ["e-1"]);

        Assert.NotEqual(confirmation, ErpIdempotencyKey.Derive(ErpTransactionKind.Scrap, ["e-1"]));
        Assert.NotEqual(confirmation, ErpIdempotencyKey.Derive(ErpTransactionKind.ProductionConfirmation, ["e-2"]));
        Assert.NotEqual(
            ErpIdempotencyKey.Derive(ErpTransactionKind.MaterialConsumption, ["e-1"], "RM-1"),
            ErpIdempotencyKey.Derive(ErpTransactionKind.MaterialConsumption, ["e-1"], "RM-2"));
    }

    [Fact]
    public void Ids_are_length_prefixed_so_joined_ids_do_not_collide()
    {
        Assert.NotEqual(
            ErpIdempotencyKey.Derive(ErpTransactionKind.Scrap, ["ab", "c"]),
            ErpIdempotencyKey.Derive(ErpTransactionKind.Scrap, ["a", "bc"]));
    }

    [Fact]
    public void A_key_needs_source_events()
    {
        var error = Assert.Throws<ArgumentException>(() => ErpIdempotencyKey.Derive(ErpTransactionKind.Scrap, []));
        Assert.Contains("source event id", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => ErpIdempotencyKey.Derive(ErpTransactionKind.Scrap, [" "]));
    }

    [Fact]
    public void Batch_key_does_not_depend_on_order()
    {
        Assert.Equal(ErpIdempotencyKey.ForBatch(["a", "b"]), ErpIdempotencyKey.ForBatch(["b", "a"]));
        Assert.NotEqual(ErpIdempotencyKey.ForBatch(["a", "b"]), ErpIdempotencyKey.ForBatch(["a"]));
    }
}
