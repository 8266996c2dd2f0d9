using Twin.OpcUa.Encoding;
using Twin.OpcUa.Transport;

namespace Twin.OpcUa.Client;

/// <summary>Settings of an <see cref="OpcUaClient"/>. Every setting has a default that suits a plant network.</summary>
public sealed record OpcUaClientOptions
{
    /// <summary>Server endpoint, e.g. <c>opc.tcp://plc1:4840</c> (required).</summary>
    public required string EndpointUrl { get; init; }
    /// <summary>Who the client is (anonymous by default).</summary>
    public UserIdentity Identity { get; init; } = UserIdentity.Anonymous;
    /// <summary>Application name shown in the server's session list.</summary>
    public string ApplicationName { get; init; } = "Twin";
    /// <summary>Application URI.</summary>
    public string ApplicationUri { get; init; } = "urn:twin:opcua:client";
    /// <summary>Session name shown by the server.</summary>
    public string SessionName { get; init; } = "Twin session";
    /// <summary>How long the server keeps the session without requests (also how long it survives a cut connection).</summary>
    public TimeSpan SessionTimeout { get; init; } = TimeSpan.FromMinutes(2);
    /// <summary>How long to wait for one service response.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(15);
    /// <summary>How long to wait for TCP connect plus channel open.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);
    /// <summary>Requested secure-channel token lifetime; the channel renews at 75 % of the granted value.</summary>
    public TimeSpan SecureChannelLifetime { get; init; } = TimeSpan.FromMinutes(10);
    /// <summary>When nothing has arrived for this long, the client checks the server by reading its state.</summary>
    public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromSeconds(5);
    /// <summary>How long that check may take before the connection is declared dead and reconnected.</summary>
    public TimeSpan KeepAliveTimeout { get; init; } = TimeSpan.FromSeconds(5);
    /// <summary>Publish requests kept outstanding (servers cap one response at about 1000 notifications).</summary>
    public int PublishRequestCount { get; init; } = 3;
    /// <summary>First delay before reconnecting; doubles on each failure.</summary>
    public TimeSpan ReconnectMinDelay { get; init; } = TimeSpan.FromMilliseconds(250);
    /// <summary>Longest delay between reconnect attempts.</summary>
    public TimeSpan ReconnectMaxDelay { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>
    /// While the server cannot be reached, how often the client checks (a bare TCP connect) whether it accepts
    /// connections again; when it does, the client reconnects at once instead of finishing its backoff delay.
    /// </summary>
    public TimeSpan ReconnectProbeInterval { get; init; } = TimeSpan.FromMilliseconds(500);
    /// <summary>The <see cref="SecurityPolicy"/> value that picks the strongest endpoint the server offers.</summary>
    public const string BestPolicy = "Best";
    /// <summary>
    /// Security policy of the channel: <c>None</c>, <c>Basic256Sha256</c>, <c>Aes128_Sha256_RsaOaep</c> or
    /// <c>Aes256_Sha256_RsaPss</c> (short name or full URI), or <c>Best</c>: the strongest policy and mode the
    /// server offers (<see cref="EndpointSelection"/>), None only with <see cref="AllowSecurityNone"/>.
    /// Anything but None needs <see cref="PkiFolder"/>.
    /// </summary>
    public string SecurityPolicy { get; init; } = "None";
    /// <summary>Sign or SignAndEncrypt (the default) under a policy other than None; ignored for None and Best.</summary>
    public Services.MessageSecurityMode SecurityMode { get; init; } = Services.MessageSecurityMode.SignAndEncrypt;
    /// <summary>Under <c>Best</c>: connect with SecurityPolicy None when the server offers nothing secured (refused otherwise).</summary>
    public bool AllowSecurityNone { get; init; }
    /// <summary>PKI folder (own / trusted / issuers / rejected); the application certificate is created there on first use.</summary>
    public string? PkiFolder { get; init; }
    /// <summary>Trust unknown server certificates automatically (development only: anyone could pose as the server).</summary>
    public bool AutoAcceptUntrustedCertificates { get; init; }
    /// <summary>
    /// Allow sending a user-name password unencrypted when the endpoint asks for no encryption (None channel and a
    /// token policy without a security policy). Off by default: the connection is refused instead.
    /// </summary>
    public bool AllowPasswordInClear { get; init; }
    /// <summary>RSA key size of a newly created application certificate.</summary>
    public int CertificateKeySize { get; init; } = 2048;
    /// <summary>Validity of a newly created application certificate.</summary>
    public TimeSpan CertificateLifetime { get; init; } = TimeSpan.FromDays(5 * 365);
    /// <summary>UA TCP limits offered to the server.</summary>
    public TransportLimits TransportLimits { get; init; } = TransportLimits.Default;
    /// <summary>Limits enforced while decoding responses.</summary>
    public DecodingLimits DecodingLimits { get; init; } = DecodingLimits.Default;

    internal void Validate()
    {
        Channel.EndpointAddress.Parse(EndpointUrl);
        if (PublishRequestCount is < 1 or > 20)
        {
            throw new ArgumentException($"PublishRequestCount must be 1..20, not {PublishRequestCount}.");
        }

        if (RequestTimeout <= TimeSpan.Zero || ConnectTimeout <= TimeSpan.Zero || KeepAliveInterval <= TimeSpan.Zero || KeepAliveTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("Timeouts and the keep-alive interval must be positive.");
        }

        if (ReconnectProbeInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException("ReconnectProbeInterval must be positive, e.g. 00:00:00.5.");
        }

        if (ReconnectMinDelay < TimeSpan.Zero || ReconnectMaxDelay < ReconnectMinDelay)
        {
            throw new ArgumentException("ReconnectMaxDelay must be at least ReconnectMinDelay, and both non-negative.");
        }

        var best = EndpointSelection.IsBest(SecurityPolicy);
        var policy = best ? null : Security.SecurityPolicy.FindByName(SecurityPolicy)
            ?? throw new ArgumentException($"SecurityPolicy '{SecurityPolicy}' is unknown; use Best, None, Basic256Sha256, Aes128_Sha256_RsaOaep or Aes256_Sha256_RsaPss.");
        if (best && string.IsNullOrWhiteSpace(PkiFolder))
        {
            throw new ArgumentException("SecurityPolicy Best needs PkiFolder: the folder for the application certificate and the trusted server certificates.");
        }

        if (policy is { IsNone: false })
        {
            if (SecurityMode is not (Services.MessageSecurityMode.Sign or Services.MessageSecurityMode.SignAndEncrypt))
            {
                throw new ArgumentException($"SecurityMode must be Sign or SignAndEncrypt with {policy.Name}, not {SecurityMode}.");
            }

            if (string.IsNullOrWhiteSpace(PkiFolder))
            {
                throw new ArgumentException($"SecurityPolicy {policy.Name} needs PkiFolder: the folder for the application certificate and the trusted server certificates.");
            }
        }

        TransportLimits.Validate();
    }
}

/// <summary>The user a client session runs as.</summary>
public sealed record UserIdentity
{
    private UserIdentity(string? userName, string? password)
    {
        UserName = userName;
        Password = password;
    }

    /// <summary>No user.</summary>
    public static UserIdentity Anonymous { get; } = new(null, null);

    /// <summary>
    /// User name and password. On an endpoint with SecurityPolicy None the password travels in
    /// clear text, as that endpoint's policy asks; use it only on a trusted network.
    /// </summary>
    public static UserIdentity FromUserName(string userName, string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(userName);
        ArgumentNullException.ThrowIfNull(password);
        return new UserIdentity(userName, password);
    }

    /// <summary>User name, or null for anonymous.</summary>
    public string? UserName { get; }

    /// <summary>Password, or null for anonymous.</summary>
    public string? Password { get; }

    /// <summary>True for the anonymous identity.</summary>
    public bool IsAnonymous => UserName is null;

    /// <summary>Never prints the password.</summary>
    public override string ToString() => IsAnonymous ? "anonymous" : $"user '{UserName}'";
}
