using Twin.Grains.Webhooks.Queue;
using Twin.Hosting.Providers;
using Twin.Testing;

namespace Twin.Api.Tests;

/// <summary>
/// What the webhook delivery queue must do in both profiles: dedup by message id, only each twin's first pending
/// message goes, retries wait for their time, dead letters are kept and replayed, counts and the log, trimming.
/// </summary>
public abstract class WebhookQueueStoreContract
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

    protected abstract IWebhookQueueStore Store { get; }

    [Fact]
    public async Task Queue_keeps_order_per_twin_retries_dead_letters_and_replays()
    {
        var queue = "p1/wh_" + Guid.NewGuid().ToString("N")[..8];
        var added = await Store.AppendAsync(queue, [Message("e1", "lot:A"), Message("e2", "lot:A"), Message("e3", "lot:B")]);
        Assert.Equal(3, added);
        Assert.Equal(0, await Store.AppendAsync(queue, [Message("e1", "lot:A")])); // a redelivered event

        var due = await Store.DueAsync(queue, T0, 10);
        Assert.Equal(["e1", "e3"], due.Select(m => m.MessageId)); // e2 waits for e1

        // e1 fails (retry in a minute), e3 is delivered: nothing of twin A is due before the retry time.
        await Store.RecordAsync(queue, [
            new WebhookAttemptOutcome(due[0].Sequence, WebhookMessage.Pending, T0, T0.AddMinutes(1), 503, "503 Service Unavailable"),
            new WebhookAttemptOutcome(due[1].Sequence, WebhookMessage.Delivered, T0, T0, 204, "204")]);
        Assert.Empty(await Store.DueAsync(queue, T0.AddSeconds(30), 10));

        var retry = Assert.Single(await Store.DueAsync(queue, T0.AddMinutes(1), 10));
        Assert.Equal(("e1", 1), (retry.MessageId, retry.Attempts));
        await Store.RecordAsync(queue, [new WebhookAttemptOutcome(retry.Sequence, WebhookMessage.DeadLetter, T0.AddMinutes(1), T0.AddMinutes(1), 503, "gave up")]);
        Assert.Equal("e2", Assert.Single(await Store.DueAsync(queue, T0.AddMinutes(1), 10)).MessageId); // a dead letter no longer holds its twin

        var counts = await Store.CountsAsync(queue);
        Assert.Equal((1L, 1, 1, 1L, 1L), (counts.Delivered, counts.Pending, counts.DeadLetters, counts.Retried, counts.Duplicates));
        var log = await Store.LogAsync(queue, 10);
        Assert.Equal(["e3", "e2", "e1"], log.Select(m => m.MessageId));
        Assert.Equal(("gave up", WebhookMessage.DeadLetter), (log[2].LastAnswer, log[2].State));

        Assert.Equal(1, await Store.ReplayAsync(queue, null, T0.AddMinutes(2)));
        Assert.Equal(["e1"], (await Store.DueAsync(queue, T0.AddMinutes(2), 10)).Select(m => m.MessageId)); // back before e2

        await Store.TrimAsync(queue, 0);
        Assert.DoesNotContain(await Store.LogAsync(queue, 10), m => m.State == WebhookMessage.Delivered);
        await Store.DropAsync(queue);
        Assert.Equal(0, (await Store.CountsAsync(queue)).Pending);
    }

    private static WebhookMessage Message(string id, string twin) => WebhookMessage.New(id, twin, "goods-received", $$"""{"id":"{{id}}"}""", T0);
}

public sealed class InMemoryWebhookQueueStoreTests : WebhookQueueStoreContract
{
    protected override IWebhookQueueStore Store { get; } = new InMemoryWebhookQueueStore();
}

public sealed class PostgresWebhookQueueStoreTests(PostgresDatabaseFixture database) : WebhookQueueStoreContract, IClassFixture<PostgresDatabaseFixture>
{
    private readonly PostgresWebhookQueueStore _store = new(database.ConnectionString);

    protected override IWebhookQueueStore Store => _store;
}
