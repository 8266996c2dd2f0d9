namespace Twin.Grains.Webhooks.Queue;

/// <summary>A subscription queue's counts as the store keeps them.</summary>
public sealed record WebhookQueueCounts(long Delivered, int Pending, DateTimeOffset? OldestPending, int DeadLetters, long Retried, long Duplicates, DateTimeOffset? LastDeliveredAt);
