namespace Twin.Contracts;

/// <summary>
/// Names of the Orleans providers the platform registers. Grains, the host and the client SDK
/// refer to them through these constants so a rename cannot silently split the configuration.
/// </summary>
public static class TwinProviders
{
    /// <summary>Grain storage for twin state (memory in the embedded default, PostgreSQL otherwise).</summary>
    public const string Storage = "twin";

    /// <summary>Grain storage used by state that must survive a silo crash.</summary>
    public const string DurableStorage = "twin-durable";

    /// <summary>The Orleans stream provider that carries machine signals and twin changes.</summary>
    public const string Streams = "twin-streams";

    /// <summary>
    /// The Orleans stream provider of the ERP outbox stream: its own queues, so an ERP backlog never stalls the
    /// twins' streams, and its pulling agents never give up on an item (see the providers in Twin.Hosting).
    /// </summary>
    public const string ErpStreams = "twin-erp-streams";
}
