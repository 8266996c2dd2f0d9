namespace Twin.Api.Feeds;

/// <summary>
/// Bounds of the change feed (<c>GET /api/plants/{plant}/changes</c>), bound from <c>Twin:Api:Feeds</c>. Every number
/// is a limit: what one plant keeps for resuming, what one slow client may have waiting, how many clients one silo
/// serves.
/// </summary>
public sealed class ChangeFeedOptions
{
    /// <summary>Events each plant keeps per silo for clients that resume with <c>Last-Event-ID</c> (the retention window).</summary>
    public int RetainedEvents { get; set; } = 10_000;

    /// <summary>Events waiting for one client; a client this far behind is dropped with a <c>dropped</c> event.</summary>
    public int ClientBuffer { get; set; } = 10_000;

    /// <summary>How often an idle stream sends a comment line, so proxies and clients see the connection is alive.</summary>
    public TimeSpan Heartbeat { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a plant's feed stays subscribed (and keeps its window) after its last client left.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Most change-feed clients one silo serves at once; the next one is answered 503 feed-busy.</summary>
    public int MaxClients { get; set; } = 1_000;

    /// <summary>One-line problems with the settings, for the options validator.</summary>
    internal IEnumerable<string> Problems(string section)
    {
        if (RetainedEvents is < 1 or > 1_000_000)
        {
            yield return $"{section}:RetainedEvents must be between 1 and 1000000 (was {RetainedEvents}).";
        }

        if (ClientBuffer is < 1 or > 100_000)
        {
            yield return $"{section}:ClientBuffer must be between 1 and 100000 (was {ClientBuffer}).";
        }

        if (Heartbeat < TimeSpan.FromMilliseconds(100) || Heartbeat > TimeSpan.FromMinutes(10))
        {
            yield return $"{section}:Heartbeat must be between 00:00:00.1 and 00:10:00 (was {Heartbeat}).";
        }

        if (IdleTimeout < TimeSpan.Zero || IdleTimeout > TimeSpan.FromDays(1))
        {
            yield return $"{section}:IdleTimeout must be between 00:00:00 and 1.00:00:00 (was {IdleTimeout}).";
        }

        if (MaxClients is < 1 or > 100_000)
        {
            yield return $"{section}:MaxClients must be between 1 and 100000 (was {MaxClients}).";
        }
    }
}
