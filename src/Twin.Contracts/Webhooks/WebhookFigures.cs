namespace Twin.Contracts;

/// <summary>What one webhook subscription's delivery queue reports about itself.</summary>
[GenerateSerializer, Immutable]
public sealed record WebhookFigures(
    [property: Id(0)] long Delivered,
    [property: Id(1)] int Pending,
    [property: Id(2)] TimeSpan? OldestPendingAge,
    [property: Id(3)] int DeadLetters,
    [property: Id(4)] long Retried,
    [property: Id(5)] long Duplicates,
    [property: Id(6)] DateTimeOffset? LastDeliveredAt,
    [property: Id(7)] string? LastFailure);
