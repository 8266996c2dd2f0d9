namespace Twin.Contracts;

/// <summary>
/// Names of the Orleans providers the platform registers. Grains, the host and the client SDK
/// refer to them through these constants so a rename cannot silently split the configuration.
/// </summary>
public static class TwinProviders
{
    /// <summary>Grain storage for twin state (memory in the embedded default, PostgreSQL otherwise).</summary>
    public const string Storage = "twin";

    /// <summary>Grain storage used by the ERP outbox and other state that must survive a silo crash.</summary>
    public const string DurableStorage = "twin-durable";

    /// <summary>The Orleans stream provider that carries machine signals, twin changes and the ERP outbox.</summary>
    public const string Streams = "twin-streams";

    /// <summary>The Orleans stream provider that carries the ERP outbox stream (for now the same provider as <see cref="Streams"/>).</summary>
    public const string ErpStreams = Streams;
}
