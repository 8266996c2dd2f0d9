namespace Twin.Contracts;

/// <summary>
/// One message of a subscription's delivery log. <see cref="State"/> is <c>pending</c>, <c>delivered</c> or
/// <c>dead-letter</c>; <see cref="LastAnswer"/> is the receiver's answer (status line and body, credentials removed).
/// <see cref="MessageId"/> is the <c>webhook-id</c> header: the twin event's id, the same on every attempt.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record WebhookDelivery(
    [property: Id(0)] string MessageId,
    [property: Id(1)] string EventType,
    [property: Id(2)] string TwinKind,
    [property: Id(3)] string TwinId,
    [property: Id(4)] string State,
    [property: Id(5)] int Attempts,
    [property: Id(6)] DateTimeOffset EnqueuedAt,
    [property: Id(7)] DateTimeOffset? LastAttemptAt,
    [property: Id(8)] DateTimeOffset? NextAttemptAt,
    [property: Id(9)] DateTimeOffset? DeliveredAt,
    [property: Id(10)] int? LastStatus,
    [property: Id(11)] string? LastAnswer);
