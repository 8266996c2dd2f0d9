namespace Twin.Grains.Webhooks;

/// <summary>The ids of a plant's webhook subscriptions, in the order they were registered.</summary>
[GenerateSerializer]
public sealed class WebhookRegistryState
{
    [Id(0)]
    public List<string> Ids { get; set; } = [];
}
