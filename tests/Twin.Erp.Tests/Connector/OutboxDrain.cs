using Microsoft.Extensions.Time.Testing;
using Twin.Erp.Connector;
using Twin.Erp.Outbox;

namespace Twin.Erp.Tests.Connector;

/// <summary>
/// Drives an outbox the way the ERP-sync grain does until nothing is pending: post every due batch through the
/// connector, record the outcomes, and skip the fake clock over backoff. The connector runs in real time.
/// </summary>
internal static class OutboxDrain
{
    /// <summary><paramref name="afterPost"/> sees each post's number (from 1) and outcomes, e.g. to switch a fault.</summary>
    public static async Task RunAsync(ErpOutbox outbox, FakeTimeProvider clock, IErpConnector connector, TimeSpan deadline, Func<int, IReadOnlyList<ErpPostOutcome>, Task> afterPost)
    {
        var posts = 0;
        using var timeout = new CancellationTokenSource(deadline);
        while (outbox.Figures().PendingCount > 0)
        {
            Assert.False(timeout.IsCancellationRequested, $"outbox still had {outbox.Figures().PendingCount} pending after {deadline}");
            if (outbox.NextBatch() is not { } batch)
            {
                clock.SetUtcNow(outbox.NextDueAt()!.Value);
                continue;
            }

            var outcomes = await connector.PostBatchAsync(batch.Transactions, timeout.Token);
            outbox.RecordOutcomes(batch, outcomes);
            await afterPost(++posts, outcomes);
        }
    }
}
