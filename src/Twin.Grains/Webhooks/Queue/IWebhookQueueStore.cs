namespace Twin.Grains.Webhooks.Queue;

/// <summary>
/// The durable delivery queues of webhook subscriptions, one per subscription (key = its grain key). In the
/// embedded profile process memory; in the PostgreSQL profile one row per message (Schema/0007_webhook_queue.sql),
/// written before the stream event is let go, like the ERP outbox.
/// </summary>
public interface IWebhookQueueStore
{
    /// <summary>Appends in order; a message id the queue already has is skipped (counted as a duplicate). Returns how many were added.</summary>
    Task<int> AppendAsync(string queue, IReadOnlyList<WebhookMessage> messages, CancellationToken cancellationToken = default);

    /// <summary>
    /// The next message of each twin whose first pending message is due at <paramref name="now"/>, oldest first,
    /// at most <paramref name="max"/>: a twin whose first message is waiting for a retry sends nothing after it.
    /// </summary>
    Task<IReadOnlyList<WebhookMessage>> DueAsync(string queue, DateTimeOffset now, int max, CancellationToken cancellationToken = default);

    /// <summary>Records attempts: delivered, dead-lettered, or pending again with its next attempt time.</summary>
    Task RecordAsync(string queue, IReadOnlyList<WebhookAttemptOutcome> outcomes, CancellationToken cancellationToken = default);

    Task<WebhookQueueCounts> CountsAsync(string queue, CancellationToken cancellationToken = default);

    /// <summary>The newest <paramref name="max"/> messages (pending, dead letters and the kept delivered ones), newest first.</summary>
    Task<IReadOnlyList<WebhookMessage>> LogAsync(string queue, int max, CancellationToken cancellationToken = default);

    /// <summary>Dead letters back to pending, due at <paramref name="now"/>: one by id, or all when <paramref name="messageId"/> is null.</summary>
    Task<int> ReplayAsync(string queue, string? messageId, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Forgets delivered messages beyond the newest <paramref name="keep"/>.</summary>
    Task TrimAsync(string queue, int keep, CancellationToken cancellationToken = default);

    /// <summary>Forgets the whole queue (the subscription was removed).</summary>
    Task DropAsync(string queue, CancellationToken cancellationToken = default);
}
