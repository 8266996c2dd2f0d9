namespace Twin.Client;

/// <summary>
/// How the client finds the Twin cluster. Bound from the <c>Twin:Client</c> configuration section;
/// values set in code with <c>AddTwinClient(o => ...)</c> win over configuration.
/// </summary>
/// <remarks>
/// With no <see cref="ConnectionString"/> the client connects to a silo on this machine (the
/// embedded default profile) through its gateway port. With a connection string it reads the
/// PostgreSQL membership table to find every silo's gateway, which is how several silos form one cluster.
/// </remarks>
public sealed class TwinClientOptions
{
    /// <summary>The configuration section these options are read from.</summary>
    public const string Section = "Twin:Client";

    /// <summary>Gateway port of the local silo (embedded default profile). Default 30000.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// PostgreSQL connection string of the cluster's membership database. When set, the client uses
    /// ADO.NET clustering (invariant <c>Npgsql</c>) instead of the local gateway, and ADO.NET streams
    /// for live changes. Falls back to <c>ConnectionStrings:Twin</c> when left empty.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>Orleans cluster id; must match the silos'. Default "twin".</summary>
    public string ClusterId { get; set; } = "twin";

    /// <summary>Orleans service id; must match the silos'. Default "twin".</summary>
    public string ServiceId { get; set; } = "twin";

    /// <summary>
    /// How long a call waits for an answer before failing with a <see cref="TimeoutException"/>.
    /// Default 5 s rather than Orleans' 30 s: after a silo dies the cluster recovers in about 5-7 s,
    /// and a plant screen should retry (with the same request id) instead of freezing for half a minute.
    /// </summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Default user recorded on commands (history, holds) when a command does not name one, e.g. the app's name.</summary>
    public string? User { get; set; }

    /// <summary>
    /// The client's certificate and private key (PKCS#12) for a cluster with TLS (<c>Twin:Tls</c> on the silos);
    /// the gateway refuses clients without a certificate the cluster trusts.
    /// </summary>
    public string? TlsCertificatePath { get; set; }

    /// <summary>Password of the client's .pfx file (from the environment or a secret store; never logged).</summary>
    public string? TlsCertificatePassword { get; set; }

    /// <summary>The cluster CA's certificate (PEM or DER): the silo must present a certificate it issued.</summary>
    public string? TlsTrustedAuthorityPath { get; set; }

    /// <summary>Thumbprints of silo certificates trusted without a CA.</summary>
    public List<string> TlsTrustedThumbprints { get; set; } = [];

    /// <summary>True when the client joins a PostgreSQL-clustered deployment.</summary>
    public bool UsesPostgreSql => !string.IsNullOrWhiteSpace(ConnectionString);
}
