using Microsoft.Extensions.Time.Testing;
using SapSimulator.Apis;
using Twin.Erp.Outbox;
using Twin.Erp.Tests.Connector;
using Twin.Erp.Transactions;

namespace Twin.Erp.Tests.Sap;

/// <summary>
/// The outbox driven the way the ERP-sync grain drives it, through the sap-s4 connector to the SAP-shaped simulator
/// while CSRF expiry, lost answers and a lock strike. The outbox runs on a fake clock (its backoff is skipped over);
/// connector and simulator run in real time.
/// </summary>
public sealed class OutboxThroughSapTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Through_token_expiry_lost_answers_and_a_lock_every_document_is_booked_exactly_once()
    {
        await using var sap = await SapSimulatorFixture.StartAsync();
        await using var host = new SapConnectorHost(sap.BaseAddress, new Dictionary<string, string?> { ["Erp:Connector:LookUpAfterStart"] = "00:00:00" });
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var outbox = new ErpOutbox(new ErpOutboxState(), new ErpOutboxOptions { MaxBatchSize = 10, MaxPending = 100 }, clock);
        var documents = Enumerable.Range(1, 30).Select(i => (i % 3) switch
        {
            0 => TestTransactions.Confirmation(TestTransactions.NewEventId($"c{i}"), workOrder: i % 2 == 0 ? "4711" : "4712", quantity: i),
            1 => TestTransactions.Make(ErpTransactionKind.MaterialConsumption, TestTransactions.NewEventId($"m{i}"), item: "RM-200", quantity: i) with { FromLocation = "LINE-1" },
            _ => TestTransactions.Make(ErpTransactionKind.GoodsReceipt, TestTransactions.NewEventId($"r{i}"), quantity: i) with { Lot = $"LOT-{i}" },
        }).ToList();
        var refused = TestTransactions.Make(ErpTransactionKind.MaterialConsumption, TestTransactions.NewEventId("refused"), item: "NO-SUCH-MAT") with { FromLocation = "LINE-1" };
        foreach (var t in documents.Append(refused))
        {
            Assert.Equal(ErpEnqueueResult.Accepted, outbox.Enqueue(t));
        }

        await sap.HoldLockAsync("order:1000124", 60_000);
        await sap.FaultsAsync(new FaultCommand(DropResponsesAfterBooking: 2, null, null));
        var sawLock = false;
        await OutboxDrain.RunAsync(outbox, clock, host.Connector, Deadline, async (post, outcomes) =>
        {
            if (post == 2)
            {
                await sap.FaultsAsync(new FaultCommand(null, ExpireCsrfTokens: true, null));
            }

            if (!sawLock && outcomes.Any(o => o.MessageId == "ZTWINSIM/010"))
            {
                sawLock = true;
                await sap.ReleaseLockAsync("order:1000124");
            }
        });

        var figures = outbox.Figures();
        Assert.Equal((0, 1, 30L), (figures.PendingCount, figures.DeadLetterCount, figures.Posted));
        Assert.True(sawLock, "the held order lock should have sent a confirmation back to wait");
        Assert.StartsWith("SAP refused it (400): ZTWINSIM/021", Assert.Single(outbox.DeadLetters).Reason, StringComparison.Ordinal);
        foreach (var t in documents)
        {
            Assert.Equal(1, t.Kind == ErpTransactionKind.ProductionConfirmation ? await sap.ConfirmationsAsync(t.IdempotencyKey) : await sap.MaterialDocumentsAsync(t.IdempotencyKey));
        }

        var stats = await sap.StatsAsync();
        Assert.Equal((10, 20, 2L), (stats.Confirmations, stats.MaterialDocuments, stats.DroppedAnswers));
        Assert.True(stats.CsrfRefusals >= 1, "the expired token should have been refused and replaced");
    }
}
