using Microsoft.Extensions.Time.Testing;
using Twin.Erp.Connector;
using Twin.Erp.Outbox;
using Twin.Erp.Transactions;

namespace Twin.Erp.Tests.Outbox;

/// <summary>An outbox on a fake clock with jitter pinned to the middle (factor 1.0), so delays are exact.</summary>
internal sealed class OutboxHarness
{
    public static readonly DateTimeOffset Start = new(2026, 11, 27, 6, 0, 0, TimeSpan.Zero);

    public OutboxHarness(Action<ErpOutboxOptions>? tune = null, ErpOutboxState? state = null)
    {
        Options = new ErpOutboxOptions
        {
            MaxBatchSize = 3,
            MaxBatchAge = TimeSpan.FromSeconds(1),
            MaxPending = 10,
            InitialRetryDelay = TimeSpan.FromSeconds(1),
            MaxRetryDelay = TimeSpan.FromSeconds(8),
        };
        tune?.Invoke(Options);
        Outbox = new ErpOutbox(state ?? new ErpOutboxState(), Options, Clock, () => 0.5);
    }

    public FakeTimeProvider Clock { get; } = new(Start);

    public ErpOutboxOptions Options { get; }

    public ErpOutbox Outbox { get; }

    public List<ErpTransaction> Offer(int count, string hint = "e")
    {
        var offered = Enumerable.Range(1, count).Select(i => TestTransactions.Confirmation($"{hint}-{i}")).ToList();
        foreach (var transaction in offered)
        {
            Assert.Equal(ErpEnqueueResult.Accepted, Outbox.Enqueue(transaction));
        }

        return offered;
    }

    public ErpBatch TakeDueBatch(string why)
    {
        var batch = Outbox.NextBatch();
        Assert.True(batch is not null, $"expected a batch to be due ({why}) at {Clock.GetUtcNow():HH:mm:ss.fff}");
        return batch;
    }

    public static IReadOnlyList<ErpPostOutcome> All(ErpBatch batch, Func<string, ErpPostOutcome> outcome) =>
        batch.Transactions.Select(t => outcome(t.IdempotencyKey)).ToList();
}
