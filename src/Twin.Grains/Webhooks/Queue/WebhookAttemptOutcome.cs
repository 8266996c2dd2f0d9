namespace Twin.Grains.Webhooks.Queue;

/// <summary>What became of one delivery attempt, as the store records it.</summary>
public sealed record WebhookAttemptOutcome(
    long Sequence,
    string State,
    DateTimeOffset AttemptedAt,
    DateTimeOffset NextAttemptAt,
    int? Status,
    string? Answer);
