using Microsoft.Extensions.Time.Testing;
using SapSimulator.Apis;
using Twin.Erp.Connector;
using Twin.Erp.Outbox;
using Twin.Erp.Tests.Connector;
using Twin.Erp.Transactions;
using Twin.Samples.Orders;

namespace Twin.Erp.Tests.Sap;

/// <summary>
/// SAP answers 201 to a confirmation whose backflushed goods movements failed into its error pool (COGI). The
/// connector reads the pool after every booked confirmation: the confirmation is booked (once), each parked movement
/// becomes a dead letter of its own with SAP's text, counted among the goods movements the ERP did not post.
/// </summary>
public sealed class SapErrorPoolTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private static readonly Dictionary<string, string?> NoLookUpAfterStart = new() { ["Erp:Connector:LookUpAfterStart"] = "00:00:00" };

    [Fact]
    public async Task A_consumption_parked_in_the_error_pool_is_a_dead_letter_with_SAPs_text_while_its_confirmation_is_booked_once()
    {
        await using var sap = await SapSimulatorFixture.StartAsync();
        await using var host = new SapConnectorHost(sap.BaseAddress, NoLookUpAfterStart);
        await ReleaseOrderWithComponentsAsync(sap);
        await sap.FaultsAsync(new FaultCommand(null, null, null, ErrorPoolMaterials: ["RM-300"]));
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var outbox = new ErpOutbox(new ErpOutboxState(), new ErpOutboxOptions { MaxBatchSize = 10, MaxPending = 100 }, clock);
        var backflushed = Enumerable.Range(1, 3).Select(i => TestTransactions.Confirmation(TestTransactions.NewEventId($"bf{i}"), workOrder: "4711", quantity: 10)).ToList();
        var plain = TestTransactions.Confirmation(TestTransactions.NewEventId("plain"), workOrder: "4712", quantity: 4);
        var consumption = TestTransactions.Make(ErpTransactionKind.MaterialConsumption, TestTransactions.NewEventId("direct"), item: "RM-200", quantity: 3) with { FromLocation = "LINE-1" };
        foreach (var t in backflushed.Append(plain).Append(consumption))
        {
            Assert.Equal(ErpEnqueueResult.Accepted, outbox.Enqueue(t));
        }

        await OutboxDrain.RunAsync(outbox, clock, host.Connector, Deadline, (_, _) => Task.CompletedTask);

        var figures = outbox.Figures();
        Assert.Equal((0, 3, 5L), (figures.PendingCount, figures.DeadLetterCount, figures.Posted));
        foreach (var t in backflushed.Append(plain))
        {
            Assert.Equal(1, await sap.ConfirmationsAsync(t.IdempotencyKey));
        }

        Assert.Equal(1, await sap.MaterialDocumentsAsync(consumption.IdempotencyKey));
        Assert.All(outbox.DeadLetters, dead =>
        {
            Assert.Equal((ErpTransactionKind.MaterialConsumption, "RM-300", 5m, "pcs", "LINE-1", "4711"),
                (dead.Transaction.Kind, dead.Transaction.Item, dead.Transaction.Quantity, dead.Transaction.Unit, dead.Transaction.FromLocation, dead.Transaction.WorkOrder));
            Assert.Contains("ZTWINSIM/040: Deficit of SL Unrestricted-use 5 ST : RM-300 1010 0001", dead.Reason, StringComparison.Ordinal);
            Assert.Contains("error pool", dead.Reason, StringComparison.Ordinal);
        });
        Assert.Equal(3, outbox.DeadLetters.Select(d => d.Transaction.IdempotencyKey).Distinct().Count());
        var stats = await sap.StatsAsync();
        Assert.Equal((4, 1, 3), (stats.Confirmations, stats.MaterialDocuments, stats.ErrorPool));
    }

    [Fact]
    public async Task After_a_lost_answer_the_lookup_finds_the_confirmation_and_its_parked_movement_is_filed_once_and_counted()
    {
        await using var sap = await SapSimulatorFixture.StartAsync();
        await using var host = new SapConnectorHost(sap.BaseAddress, NoLookUpAfterStart);
        await ReleaseOrderWithComponentsAsync(sap);
        await sap.FaultsAsync(new FaultCommand(DropResponsesAfterBooking: 1, null, null, ErrorPoolMaterials: ["RM-200"]));
        var confirmation = TestTransactions.Confirmation(TestTransactions.NewEventId("lost"), workOrder: "4711", quantity: 20);
        var store = new InMemoryErpOutboxStore();
        var now = DateTimeOffset.UnixEpoch;
        await store.AppendAsync("P1", [confirmation], now);

        var lost = Assert.Single(await host.Connector.PostBatchAsync([confirmation]));
        var found = Assert.Single(await host.Connector.PostBatchAsync([confirmation]));

        // The silo stops after filing the parked movement, before recording the confirmation booked: the next silo
        // takes the confirmation again, looks it up after start (found, not posted) and reads the same movement again.
        ErpPostOutcome again;
        await using (var next = new SapConnectorHost(sap.BaseAddress))
        {
            again = Assert.Single(await next.Connector.PostBatchAsync([confirmation]));
        }

        Assert.Equal((ErpOutcomeStatus.Booked, true), (again.Status, again.AlreadyBooked));

        Assert.Equal((ErpOutcomeStatus.Transient, true, 0), (lost.Status, lost.Ambiguous, lost.FailedGoodsMovements.Count));
        Assert.Equal((ErpOutcomeStatus.Booked, true), (found.Status, found.AlreadyBooked));
        var parked = Assert.Single(found.FailedGoodsMovements);
        Assert.Equal(("RM-200", 40m), (parked.Transaction.Item, parked.Transaction.Quantity));
        Assert.Equal(1, await sap.ConfirmationsAsync(confirmation.IdempotencyKey));

        // The lookup-after-unknown path may report the same parked movement again: it is filed once.
        Assert.Equal(1, await FailedGoodsMovementLetters.FileAsync(store, "P1", [found], now));
        Assert.Equal(0, await FailedGoodsMovementLetters.FileAsync(store, "P1", [again], now));
        Assert.Equal(parked.Transaction.IdempotencyKey, Assert.Single(again.FailedGoodsMovements).Transaction.IdempotencyKey);
        await store.RecordAsync("P1", [new ErpRowOutcome(confirmation.IdempotencyKey, ErpRowOutcomeKind.Booked, 2, AlreadyBooked: true)], now);

        var counts = await store.CountByKindAsync("P1", now, 100);
        Assert.Equal(1, counts.DeadLetters.Where(d => ErpKindGroups.IsGoodsMovement(d.Key)).Sum(d => d.Value));
        Assert.Equal(1, counts.DeadLetters[ErpTransactionKind.MaterialConsumption]);
        var letter = Assert.Single(await store.DeadLettersAsync("P1", 10));
        Assert.Contains("ZTWINSIM/040", letter.Reason, StringComparison.Ordinal);
        var stats = await sap.StatsAsync();
        Assert.Equal((1, 1), (stats.ErrorPool, stats.Confirmations));
    }

    /// <summary>Order 1000123 (work order 4711) for 100 FG-100: 200 RM-200 and 50 RM-300 backflushed from storage location 0001.</summary>
    private static Task ReleaseOrderWithComponentsAsync(SapSimulatorFixture sap) => sap.ReleaseOrderAsync(new SimulatedOrder
    {
        Order = "1000123",
        Plant = "1010",
        Material = "FG-100",
        Quantity = 100,
        Operations = [new SimulatedOperation { Operation = "0010", WorkCenter = "WC-1" }],
        Components =
        [
            new SimulatedComponent { Material = "RM-200", Quantity = 200, Unit = "ST", StorageLocation = "0001", Backflush = true },
            new SimulatedComponent { Material = "RM-300", Quantity = 50, Unit = "ST", StorageLocation = "0001", Backflush = true },
        ],
    });
}
