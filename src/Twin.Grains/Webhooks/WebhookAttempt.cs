namespace Twin.Grains.Webhooks;

/// <summary>
/// How one delivery attempt ended. <see cref="Retry"/>: worth trying again (timeout, connection failure, 408,
/// 429, 5xx); otherwise a failure is the receiver refusing this message (other 4xx) and it is dead-lettered at once.
/// <see cref="Answer"/> is the receiver's status and body, cleaned of credentials.
/// </summary>
public sealed record WebhookAttempt(bool Delivered, bool Retry, int? Status, string Answer, TimeSpan? RetryAfter);
