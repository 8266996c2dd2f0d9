namespace Twin.Contracts;

/// <summary>
/// One webhook subscription and its own durable delivery queue; key = <c>{plant}/{id}</c> (<see cref="WebhookKeys.Of"/>).
/// Fed from the plant's twin-changes stream; delivers in order per twin, retries, dead-letters.
/// </summary>
public interface IWebhookSubscriptionGrain : IGrainWithStringKey
{
    /// <summary>Starts the subscription (the registry does this once, after checking the spec).</summary>
    Task<WebhookView> Start(string plant, string id, WebhookSpec spec, string secret);

    /// <summary>The subscription, or null when it does not exist.</summary>
    Task<WebhookView?> Describe();

    /// <summary>A new secret; the old one stays valid (both signatures are sent) for the configured grace period.</summary>
    Task<WebhookSecretRotation?> RotateSecret();

    /// <summary>Figures and the newest <paramref name="max"/> messages of the delivery log.</summary>
    Task<WebhookDeliveries?> GetDeliveries(int max = 100);

    /// <summary>Puts dead letters back in the queue: one by message id, or all when <paramref name="messageId"/> is null.</summary>
    Task<int> Replay(string? messageId);

    /// <summary>Stops delivering and forgets the queue and the secrets.</summary>
    Task Stop();
}
