using System.Net.Http.Json;
using ErpSimulator.Audit;
using Microsoft.Extensions.Time.Testing;
using Twin.Erp.Outbox;
using Twin.Erp.Transactions;

namespace Twin.Erp.Tests.Connector;

/// <summary>
/// The outbox driven the way the ERP-sync grain will drive it, through the real connector to the
/// simulator while faults strike. The outbox runs on a fake clock (its backoff is skipped over);
/// the connector and simulator run in real time.
/// </summary>
public sealed class OutboxThroughConnectorTests(ErpSimulatorFixture erp) : IClassFixture<ErpSimulatorFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task Through_errors_lost_answers_and_throttling_every_transaction_is_booked_exactly_once_and_rejections_replay_after_the_fix()
    {
        var workOrder = "WO-" + Guid.NewGuid().ToString("N")[..8];
        var newItem = "FG-NEW-" + Guid.NewGuid().ToString("N")[..6];
        await PostMasterDataAsync(new { workOrders = new[] { workOrder } });
        await using var host = new ConnectorHost(erp.BaseAddress, o =>
        {
            o.MaxRetryAttempts = 1;
            o.MaxBatchSize = 10;
            o.MaxRetryAfterWithinCall = TimeSpan.FromSeconds(1);
        });
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var outbox = new ErpOutbox(new ErpOutboxState(), new ErpOutboxOptions { MaxBatchSize = 10, MaxPending = 100 }, clock);

        var good = Enumerable.Range(1, 38).Select(i => TestTransactions.Confirmation($"{workOrder}-e{i}", workOrder: workOrder, quantity: i)).ToList();
        var rejected = Enumerable.Range(1, 2).Select(i => TestTransactions.Confirmation($"{workOrder}-r{i}", item: newItem, workOrder: workOrder, quantity: 100)).ToList();
        foreach (var transaction in good.Concat(rejected))
        {
            Assert.Equal(ErpEnqueueResult.Accepted, outbox.Enqueue(transaction));
        }

        await erp.SetFaultsAsync(new { failNextRequests = 3, loseNextAnswers = 2, throttleNextRequests = 1, retryAfterSeconds = 60 });
        await DrainAsync(outbox, host, clock, "first pass, faults injected");

        var figures = outbox.Figures();
        Assert.Equal((0, 2, 38L), (figures.PendingCount, figures.DeadLetterCount, figures.Posted));
        Assert.True(figures.Retried > 0, "the injected faults should have sent some transactions back to wait");
        Assert.All(outbox.DeadLetters, d => Assert.Equal($"Item {newItem} is not in the material master.", d.Reason));
        foreach (var transaction in good)
        {
            Assert.Single(await erp.DocumentsAsync(transaction.IdempotencyKey));
        }

        await PostMasterDataAsync(new { items = new[] { newItem } });
        Assert.Equal(2, outbox.ReplayAll());
        await DrainAsync(outbox, host, clock, "replay after the item was added");

        Assert.Equal((0, 0, 40L), (outbox.Figures().PendingCount, outbox.Figures().DeadLetterCount, outbox.Figures().Posted));
        var summary = await erp.Admin.GetFromJsonAsync<List<WorkOrderSummaryLine>>("/audit/summary");
        var booked = summary!.Where(l => l.WorkOrder == workOrder).ToList();
        Assert.Equal(good.Sum(t => t.Quantity), booked.Single(l => l.Item == "FG-100").Quantity);
        Assert.Equal(200, booked.Single(l => l.Item == newItem).Quantity);
        Assert.Equal(40, booked.Sum(l => l.Documents));
    }

    private static async Task DrainAsync(ErpOutbox outbox, ConnectorHost host, FakeTimeProvider clock, string phase)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        while (outbox.Figures().PendingCount > 0)
        {
            Assert.False(deadline.IsCancellationRequested, $"outbox still had {outbox.Figures().PendingCount} pending after {Deadline} ({phase})");
            if (outbox.NextBatch() is { } batch)
            {
                outbox.RecordOutcomes(batch, await host.Connector.PostBatchAsync(batch.Transactions, deadline.Token));
                continue;
            }

            var dueAt = outbox.NextDueAt();
            Assert.True(dueAt is not null, $"pending transactions but nothing due ({phase})");
            clock.SetUtcNow(dueAt.Value);
        }
    }

    private async Task PostMasterDataAsync(object update)
    {
        using var response = await erp.Admin.PostAsJsonAsync("/admin/master-data", update);
        response.EnsureSuccessStatusCode();
    }
}
