namespace Twin.Contracts;

/// <summary>A new signing secret (shown this once); the previous one keeps signing until <see cref="PreviousValidUntil"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record WebhookSecretRotation(
    [property: Id(0)] string Id,
    [property: Id(1)] string Secret,
    [property: Id(2)] DateTimeOffset PreviousValidUntil);
