using Twin.OpcUa.Encoding;
using Twin.OpcUa.Transport;

namespace Twin.OpcUa.Server;

/// <summary>Settings of an <see cref="OpcUaServer"/>; every limit has a default that suits a simulator.</summary>
public sealed record OpcUaServerOptions
{
    /// <summary>TCP port; 0 picks a free port (see <see cref="OpcUaServer.Port"/>).</summary>
    public int Port { get; init; } = 4840;
    /// <summary>Address to listen on (default all interfaces; use "127.0.0.1" for loopback only).</summary>
    public string ListenAddress { get; init; } = "0.0.0.0";
    /// <summary>Host name used in the advertised endpoint URL.</summary>
    public string HostName { get; init; } = "localhost";
    /// <summary>Path part of the endpoint URL (e.g. "/twin"); empty for none.</summary>
    public string EndpointPath { get; init; } = string.Empty;
    /// <summary>Application URI.</summary>
    public string ApplicationUri { get; init; } = "urn:twin:opcua:server";
    /// <summary>Application name.</summary>
    public string ApplicationName { get; init; } = "Twin OPC UA server";
    /// <summary>Namespace URI of the application's nodes (namespace index 1).</summary>
    public string ApplicationNamespace { get; init; } = "urn:twin:plant";
    /// <summary>Allow anonymous sessions.</summary>
    public bool AllowAnonymous { get; init; } = true;
    /// <summary>
    /// User names and passwords accepted. Clients encrypt the password with the server certificate whenever the
    /// server has one (any secured endpoint, and the None endpoint too); only a server with no secured endpoint
    /// takes passwords in clear.
    /// </summary>
    public IReadOnlyDictionary<string, string> Users { get; init; } = new Dictionary<string, string>();
    /// <summary>
    /// The endpoints offered, as policy/mode pairs: <c>None</c>, <c>Basic256Sha256:Sign</c>,
    /// <c>Basic256Sha256:SignAndEncrypt</c>, also for Aes128_Sha256_RsaOaep and Aes256_Sha256_RsaPss. Default: None only.
    /// Any secured endpoint needs <see cref="PkiFolder"/>.
    /// </summary>
    public IReadOnlyList<string> SecurityEndpoints { get; init; } = ["None"];
    /// <summary>PKI folder (own / trusted / issuers / rejected); the server certificate is created there on first start.</summary>
    public string? PkiFolder { get; init; }
    /// <summary>Trust unknown client certificates automatically (development only).</summary>
    public bool AutoAcceptUntrustedCertificates { get; init; }
    /// <summary>RSA key size of a newly created server certificate.</summary>
    public int CertificateKeySize { get; init; } = 2048;
    /// <summary>Validity of a newly created server certificate.</summary>
    public TimeSpan CertificateLifetime { get; init; } = TimeSpan.FromDays(5 * 365);
    /// <summary>Most TCP connections at once.</summary>
    public int MaxConnections { get; init; } = 100;
    /// <summary>Most sessions at once.</summary>
    public int MaxSessions { get; init; } = 50;
    /// <summary>Most subscriptions per session.</summary>
    public int MaxSubscriptionsPerSession { get; init; } = 20;
    /// <summary>Most monitored items per subscription.</summary>
    public int MaxMonitoredItemsPerSubscription { get; init; } = 20_000;
    /// <summary>Most Publish requests queued per session.</summary>
    public int MaxPublishRequestsPerSession { get; init; } = 10;
    /// <summary>Most notifications in one Publish response.</summary>
    public int MaxNotificationsPerPublish { get; init; } = 1000;
    /// <summary>Notification messages kept per subscription for Republish.</summary>
    public int RetransmissionQueueSize { get; init; } = 100;
    /// <summary>Most operations (nodes to read, write, browse …) per request.</summary>
    public int MaxOperationsPerRequest { get; init; } = 10_000;
    /// <summary>Fastest publishing interval granted.</summary>
    public TimeSpan MinPublishingInterval { get; init; } = TimeSpan.FromMilliseconds(20);
    /// <summary>Fastest sampling interval granted.</summary>
    public TimeSpan MinSamplingInterval { get; init; } = TimeSpan.Zero;
    /// <summary>Shortest session timeout granted.</summary>
    public TimeSpan MinSessionTimeout { get; init; } = TimeSpan.FromSeconds(1);
    /// <summary>Longest session timeout granted.</summary>
    public TimeSpan MaxSessionTimeout { get; init; } = TimeSpan.FromHours(1);
    /// <summary>Shortest secure-channel token lifetime granted.</summary>
    public TimeSpan MinTokenLifetime { get; init; } = TimeSpan.FromSeconds(1);
    /// <summary>Longest secure-channel token lifetime granted.</summary>
    public TimeSpan MaxTokenLifetime { get; init; } = TimeSpan.FromHours(1);
    /// <summary>
    /// How long a new connection may take to send HEL and its first OPN (real clients need milliseconds; a short
    /// bound keeps half-open sockets from holding slots).
    /// </summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(3);
    /// <summary>Connections in their handshake at once; past it the oldest waiting one is closed to make room.</summary>
    public int MaxPendingHandshakes { get; init; } = 64;
    /// <summary>Connections in their handshake at once from one remote address; past it that address's oldest is closed.</summary>
    public int MaxPendingHandshakesPerAddress { get; init; } = 16;
    /// <summary>UA TCP limits offered to clients.</summary>
    public TransportLimits TransportLimits { get; init; } = TransportLimits.Default;
    /// <summary>Limits enforced while decoding requests.</summary>
    public DecodingLimits DecodingLimits { get; init; } = DecodingLimits.Default;

    internal void Validate()
    {
        if (Port is < 0 or > 65535)
        {
            throw new ArgumentException($"Port must be 0..65535, not {Port}.");
        }

        if (MaxSessions < 1 || MaxSubscriptionsPerSession < 1 || MaxMonitoredItemsPerSubscription < 1 || MaxPublishRequestsPerSession < 1
            || MaxNotificationsPerPublish < 1 || RetransmissionQueueSize < 1 || MaxConnections < 1 || MaxOperationsPerRequest < 1
            || MaxPendingHandshakes < 1 || MaxPendingHandshakesPerAddress < 1 || HandshakeTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("Server limits must be at least 1.");
        }

        var endpoints = ParsedSecurityEndpoints();
        if (endpoints.Count == 0)
        {
            throw new ArgumentException("SecurityEndpoints must name at least one endpoint, e.g. None or Basic256Sha256:SignAndEncrypt.");
        }

        if (endpoints.Any(e => e.Mode != Services.MessageSecurityMode.None) && string.IsNullOrWhiteSpace(PkiFolder))
        {
            throw new ArgumentException("Secured endpoints need PkiFolder: the folder for the server certificate and the trusted client certificates.");
        }

        TransportLimits.Validate();
    }

    /// <summary>Parses <see cref="SecurityEndpoints"/> ("Policy:Mode"; "None" alone).</summary>
    internal IReadOnlyList<(Security.SecurityPolicy Policy, Services.MessageSecurityMode Mode)> ParsedSecurityEndpoints()
    {
        var list = new List<(Security.SecurityPolicy, Services.MessageSecurityMode)>();
        foreach (var entry in SecurityEndpoints)
        {
            var parts = (entry ?? string.Empty).Split(':', 2, StringSplitOptions.TrimEntries);
            var policy = Security.SecurityPolicy.FindByName(parts[0])
                ?? throw new ArgumentException($"Security endpoint '{entry}': unknown policy; use None, Basic256Sha256, Aes128_Sha256_RsaOaep or Aes256_Sha256_RsaPss.");
            if (policy.IsNone)
            {
                list.Add((policy, Services.MessageSecurityMode.None));
                continue;
            }

            if (parts.Length < 2 || !Enum.TryParse<Services.MessageSecurityMode>(parts[1], ignoreCase: true, out var mode)
                || mode is not (Services.MessageSecurityMode.Sign or Services.MessageSecurityMode.SignAndEncrypt))
            {
                throw new ArgumentException($"Security endpoint '{entry}': give the mode after a colon, Sign or SignAndEncrypt (e.g. {policy.Name}:SignAndEncrypt).");
            }

            list.Add((policy, mode));
        }

        return list.Distinct().ToList();
    }
}
