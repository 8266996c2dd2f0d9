namespace Twin.Contracts;

/// <summary>Grain keys of webhook subscriptions.</summary>
public static class WebhookKeys
{
    /// <summary>The <see cref="IWebhookSubscriptionGrain"/> key of subscription <paramref name="id"/> of <paramref name="plant"/>.</summary>
    public static string Of(string plant, string id) => $"{plant}/{id}";
}
