namespace Twin.Contracts;

/// <summary>
/// The answer to registering a webhook: the subscription and its signing secret (<c>whsec_…</c>, shown this once),
/// or the reason it was refused (<see cref="Problem"/>, e.g. a receiver on a private address).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record WebhookRegistration(
    [property: Id(0)] WebhookView? Subscription,
    [property: Id(1)] string? Secret,
    [property: Id(2)] string? Problem);
