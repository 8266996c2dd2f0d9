using D365Simulator.Apis;
using Microsoft.Extensions.Time.Testing;
using Twin.Erp.Outbox;
using Twin.Erp.Tests.Connector;
using Twin.Erp.Transactions;

namespace Twin.Erp.Tests.Dynamics;

/// <summary>
/// The outbox driven the way the ERP-sync grain drives it, through the d365-scm connector to the D365-shaped simulator
/// while a 429 storm, lost answers and a token expiry strike. The outbox runs on a fake clock (its backoff is skipped
/// over); connector and simulator run in real time.
/// </summary>
public sealed class OutboxThroughD365Tests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Through_a_429_storm_lost_answers_and_a_token_expiry_every_document_is_booked_exactly_once()
    {
        await using var d365 = await D365SimulatorFixture.StartAsync();
        await using var host = new D365ConnectorHost(d365);
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var outbox = new ErpOutbox(new ErpOutboxState(), new ErpOutboxOptions { MaxBatchSize = 10, MaxPending = 100 }, clock);
        var documents = Enumerable.Range(1, 30).Select(i => (i % 3) switch
        {
            0 => TestTransactions.Confirmation(TestTransactions.NewEventId($"c{i}"), workOrder: i % 2 == 0 ? "4711" : "4712", quantity: i),
            1 => TestTransactions.Make(ErpTransactionKind.MaterialConsumption, TestTransactions.NewEventId($"m{i}"), item: "RM-200", workOrder: i % 2 == 0 ? "4711" : "4712", quantity: i) with { FromLocation = "LINE-1" },
            _ => TestTransactions.Make(ErpTransactionKind.GoodsReceipt, TestTransactions.NewEventId($"r{i}"), workOrder: i % 2 == 0 ? "4711" : "4712", quantity: i) with { Lot = $"LOT-{i}" },
        }).ToList();
        var refused = TestTransactions.Confirmation(TestTransactions.NewEventId("refused"), workOrder: "4799");
        foreach (var t in documents.Append(refused))
        {
            Assert.Equal(ErpEnqueueResult.Accepted, outbox.Enqueue(t));
        }

        await d365.FaultsAsync(new FaultCommand(ThrottleRequests: 4, RetryAfterSeconds: 3, DropResponses: 2));
        var sawThrottle = false;
        await OutboxDrain.RunAsync(outbox, clock, host.Connector, Deadline, async (post, outcomes) =>
        {
            sawThrottle |= outcomes.Any(o => o.RetryAfter == TimeSpan.FromSeconds(3));
            if (post == 2)
            {
                await d365.FaultsAsync(new FaultCommand(ExpireTokens: true));
            }
        });

        var figures = outbox.Figures();
        Assert.Equal((0, 1, 30L), (figures.PendingCount, figures.DeadLetterCount, figures.Posted));
        Assert.True(sawThrottle, "the storm's Retry-After should have reached the outbox");
        Assert.Contains("Production order P000999 was not found in company USMF.", Assert.Single(outbox.DeadLetters).Reason, StringComparison.Ordinal);
        foreach (var t in documents)
        {
            Assert.Equal("Processed", Assert.Single(await d365.MessagesAsync(t.IdempotencyKey)).Status);
        }

        var stats = await d365.StatsAsync();
        Assert.Equal((4L, 2L), (stats.Throttled, stats.DroppedAnswers));
        Assert.Equal(32, stats.Processed); // 30 documents and two order starts; the unknown order's start and confirmation failed.
        Assert.True(stats.TokensIssued >= 2, "the expired token should have been replaced");
    }
}
