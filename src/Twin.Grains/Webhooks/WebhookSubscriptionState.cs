namespace Twin.Grains.Webhooks;

/// <summary>
/// What a subscription keeps: its receiver and filters, and the secrets it signs with. The secrets are kept as
/// they are because signing needs them (an HMAC key cannot be hashed away); they never leave the grain except
/// once, in the answer that created or rotated them.
/// </summary>
[GenerateSerializer]
public sealed class WebhookSubscriptionState
{
    [Id(0)]
    public string? Plant { get; set; }

    [Id(1)]
    public string? Id { get; set; }

    [Id(2)]
    public WebhookSpec? Spec { get; set; }

    [Id(3)]
    public string? Secret { get; set; }

    [Id(4)]
    public string? PreviousSecret { get; set; }

    [Id(5)]
    public DateTimeOffset? PreviousValidUntil { get; set; }

    [Id(6)]
    public DateTimeOffset CreatedAt { get; set; }

    [Id(7)]
    public DateTimeOffset? RotatedAt { get; set; }
}
