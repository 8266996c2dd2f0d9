namespace Twin.Grains.Webhooks;

/// <summary>Webhook subscriptions: which receivers are allowed and how deliveries are paced (section "Twin:Webhooks").</summary>
public sealed class WebhookOptions
{
    public const string Section = "Twin:Webhooks";

    /// <summary>
    /// Allows receivers on loopback, private, link-local and other non-public addresses. Off by default: an admin
    /// key must not be able to make the silo call into the plant network or the cloud's metadata service.
    /// </summary>
    public bool AllowPrivateAddresses { get; set; }

    /// <summary>Allows plain http:// receivers (https is required otherwise: the payloads are plant data).</summary>
    public bool AllowHttp { get; set; }

    /// <summary>Subscriptions per plant.</summary>
    public int MaxSubscriptionsPerPlant { get; set; } = 50;

    /// <summary>How long one delivery attempt may take (connect, send, answer) before it counts as a timeout.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>First delay after a failed attempt; doubled per further failure up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan InitialRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest delay between attempts (a receiver's Retry-After is honoured up to this).</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>A message still failing this long after it was queued becomes a dead letter with the receiver's last answer.</summary>
    public TimeSpan DeadLetterAfter { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long the previous secret keeps signing after a rotation.</summary>
    public TimeSpan SecretGracePeriod { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Twins whose next message one subscription sends at the same time (each twin's messages go one at a time, in order).</summary>
    public int MaxConcurrentDeliveries { get; set; } = 4;

    /// <summary>How often a subscription looks for due retries.</summary>
    public TimeSpan PumpInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Delivered messages each subscription keeps in its delivery log.</summary>
    public int DeliveredLogSize { get; set; } = 1_000;
}
