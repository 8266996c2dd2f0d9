using Twin.Erp.Connector;
using Twin.Erp.Outbox;
using Twin.Erp.Transactions;
using Twin.Hosting.Providers;
using Twin.Testing;

namespace Twin.Integration.Tests.Platform;

/// <summary>
/// A goods movement the ERP parked with a booked confirmation (SAP's error pool), filed in the PostgreSQL outbox: one
/// dead letter with the ERP's text, counted by kind for the KPI, filed once however often it is reported.
/// </summary>
public sealed class FailedGoodsMovementLettersPostgresTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task A_parked_movement_is_one_dead_letter_counted_as_a_goods_movement_and_the_confirmation_is_booked()
    {
        var plant = $"P-{Guid.NewGuid():N}";
        var now = DateTimeOffset.UtcNow;
        var confirmation = new ErpTransaction
        {
            IdempotencyKey = ErpIdempotencyKey.Derive(ErpTransactionKind.ProductionConfirmation, ["cogi-1"]),
            Kind = ErpTransactionKind.ProductionConfirmation,
            Plant = plant,
            WorkOrder = "WO-1",
            Operation = "10",
            Item = "FG-100",
            Quantity = 10,
            Unit = "pcs",
            SourceEventIds = ["cogi-1"],
            OccurredAt = now,
        };
        var parked = confirmation with
        {
            IdempotencyKey = ErpIdempotencyKey.Derive(ErpTransactionKind.MaterialConsumption, [confirmation.IdempotencyKey], "sap-error-pool|261|RM-300"),
            Kind = ErpTransactionKind.MaterialConsumption,
            Item = "RM-300",
            Quantity = 5,
            FromLocation = "LINE-1",
            SourceEventIds = [confirmation.IdempotencyKey],
        };
        var outcome = ErpPostOutcome.Booked(confirmation.IdempotencyKey, "1001/00000001") with
        {
            FailedGoodsMovements = [new ErpFailedGoodsMovement(parked, "ZTWINSIM/040: Deficit of SL Unrestricted-use 5 ST : RM-300 1010 0001")],
        };
        await using var store = new PostgresErpOutboxStore(database.ConnectionString);
        await store.AppendAsync(plant, [confirmation], now);
        Assert.Single(await store.TakeDueAsync(plant, now, 10));

        Assert.Equal(1, await FailedGoodsMovementLetters.FileAsync(store, plant, [outcome], now));
        Assert.Equal(0, await FailedGoodsMovementLetters.FileAsync(store, plant, [outcome with { AlreadyBooked = true }], now));
        await store.RecordAsync(plant, [new ErpRowOutcome(confirmation.IdempotencyKey, ErpRowOutcomeKind.Booked, 1)], now);

        var counts = await store.CountsAsync(plant, now);
        Assert.Equal((0L, 1L, 1L), (counts.Pending, counts.DeadLetters, counts.Posted));
        var letter = Assert.Single(await store.DeadLettersAsync(plant, 10));
        Assert.Equal((parked.IdempotencyKey, "RM-300"), (letter.Transaction.IdempotencyKey, letter.Transaction.Item));
        Assert.StartsWith("ZTWINSIM/040", letter.Reason, StringComparison.Ordinal);
        var byKind = await store.CountByKindAsync(plant, now.AddMinutes(1), 100);
        Assert.Equal(1L, byKind.DeadLetters[ErpTransactionKind.MaterialConsumption]);
        Assert.Empty(await store.TakeDueAsync(plant, now.AddHours(1), 10));
    }
}
