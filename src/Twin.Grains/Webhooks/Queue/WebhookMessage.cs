namespace Twin.Grains.Webhooks.Queue;

/// <summary>
/// One message of a subscription's queue. <see cref="Sequence"/> orders it (the store assigns it on append);
/// <see cref="TwinKey"/> groups the messages whose order matters (one twin's); <see cref="MessageId"/> is the
/// webhook-id, unique per subscription (a redelivered stream event is not queued twice).
/// </summary>
public sealed record WebhookMessage(
    long Sequence,
    string MessageId,
    string TwinKey,
    string EventType,
    string Body,
    DateTimeOffset EnqueuedAt,
    int Attempts,
    DateTimeOffset NextAttemptAt,
    string State,
    DateTimeOffset? LastAttemptAt,
    DateTimeOffset? DeliveredAt,
    int? LastStatus,
    string? LastAnswer)
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string DeadLetter = "dead-letter";

    /// <summary>A message to append: the store gives it its sequence.</summary>
    public static WebhookMessage New(string messageId, string twinKey, string eventType, string body, DateTimeOffset now) =>
        new(0, messageId, twinKey, eventType, body, now, 0, now, Pending, null, null, null, null);
}
