namespace Twin.Contracts;

/// <summary>A webhook subscription as the API shows it: never its secrets.</summary>
[GenerateSerializer, Immutable]
public sealed record WebhookView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Plant,
    [property: Id(2)] string Url,
    [property: Id(3)] IReadOnlyList<string> EventTypes,
    [property: Id(4)] IReadOnlyList<string> TwinKinds,
    [property: Id(5)] IReadOnlyList<string> TwinIds,
    [property: Id(6)] DateTimeOffset CreatedAt,
    [property: Id(7)] DateTimeOffset? SecretRotatedAt,
    [property: Id(8)] DateTimeOffset? PreviousSecretValidUntil);
