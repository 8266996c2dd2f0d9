namespace Twin.Contracts;

/// <summary>The webhook subscriptions of one plant; key = plant id. Each subscription is its own <see cref="IWebhookSubscriptionGrain"/>.</summary>
public interface IWebhookRegistryGrain : IGrainWithStringKey
{
    /// <summary>Checks the receiver (URL, address) and the filters, then creates the subscription with a new secret.</summary>
    Task<WebhookRegistration> Register(WebhookSpec spec);

    /// <summary>The plant's subscriptions, oldest first.</summary>
    Task<IReadOnlyList<WebhookView>> List();

    /// <summary>True when the plant has subscription <paramref name="id"/>.</summary>
    Task<bool> Has(string id);

    /// <summary>Stops and forgets a subscription with its queue; false when there was none.</summary>
    Task<bool> Remove(string id);
}
