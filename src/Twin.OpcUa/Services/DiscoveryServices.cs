using Twin.OpcUa.Encoding;

namespace Twin.OpcUa.Services;

/// <summary>Kind of application.</summary>
public enum ApplicationType
{
    /// <summary>A server.</summary>
    Server = 0,
    /// <summary>A client.</summary>
    Client = 1,
    /// <summary>Both.</summary>
    ClientAndServer = 2,
    /// <summary>A discovery server.</summary>
    DiscoveryServer = 3,
}

/// <summary>Kind of user identity.</summary>
public enum UserTokenType
{
    /// <summary>No user.</summary>
    Anonymous = 0,
    /// <summary>User name and password.</summary>
    UserName = 1,
    /// <summary>X.509 certificate.</summary>
    Certificate = 2,
    /// <summary>Token from an identity provider.</summary>
    IssuedToken = 3,
}

/// <summary>Describes an OPC UA application (Part 4 §7.2).</summary>
public sealed record ApplicationDescription
{
    /// <summary>Globally unique application URI.</summary>
    public string? ApplicationUri { get; init; }
    /// <summary>Product URI.</summary>
    public string? ProductUri { get; init; }
    /// <summary>Display name.</summary>
    public LocalizedText ApplicationName { get; init; }
    /// <summary>Kind of application.</summary>
    public ApplicationType ApplicationType { get; init; }
    /// <summary>Gateway server URI.</summary>
    public string? GatewayServerUri { get; init; }
    /// <summary>Discovery profile URI.</summary>
    public string? DiscoveryProfileUri { get; init; }
    /// <summary>Discovery URLs.</summary>
    public IReadOnlyList<string?> DiscoveryUrls { get; init; } = [];

    /// <summary>Writes the description.</summary>
    public void Encode(BinaryEncoder e)
    {
        e.WriteString(ApplicationUri);
        e.WriteString(ProductUri);
        e.WriteLocalizedText(ApplicationName);
        e.WriteInt32((int)ApplicationType);
        e.WriteString(GatewayServerUri);
        e.WriteString(DiscoveryProfileUri);
        e.WriteArray(DiscoveryUrls, static (x, s) => x.WriteString(s));
    }

    /// <summary>Reads the description.</summary>
    public static ApplicationDescription Decode(ref BinaryDecoder d) => new()
    {
        ApplicationUri = d.ReadString(),
        ProductUri = d.ReadString(),
        ApplicationName = d.ReadLocalizedText(),
        ApplicationType = (ApplicationType)d.ReadInt32(),
        GatewayServerUri = d.ReadString(),
        DiscoveryProfileUri = d.ReadString(),
        DiscoveryUrls = d.ReadArray(static (ref BinaryDecoder x) => x.ReadString(), 4) ?? [],
    };
}

/// <summary>A way a user may identify on an endpoint (Part 4 §7.41).</summary>
public sealed record UserTokenPolicy
{
    /// <summary>Id the client puts in its identity token.</summary>
    public string? PolicyId { get; init; }
    /// <summary>Kind of identity.</summary>
    public UserTokenType TokenType { get; init; }
    /// <summary>Issued token type URI.</summary>
    public string? IssuedTokenType { get; init; }
    /// <summary>Issuer endpoint URL.</summary>
    public string? IssuerEndpointUrl { get; init; }
    /// <summary>Security policy protecting the token (null = the channel's).</summary>
    public string? SecurityPolicyUri { get; init; }

    /// <summary>Writes the policy.</summary>
    public void Encode(BinaryEncoder e)
    {
        e.WriteString(PolicyId);
        e.WriteInt32((int)TokenType);
        e.WriteString(IssuedTokenType);
        e.WriteString(IssuerEndpointUrl);
        e.WriteString(SecurityPolicyUri);
    }

    /// <summary>Reads the policy.</summary>
    public static UserTokenPolicy Decode(ref BinaryDecoder d) => new()
    {
        PolicyId = d.ReadString(),
        TokenType = (UserTokenType)d.ReadInt32(),
        IssuedTokenType = d.ReadString(),
        IssuerEndpointUrl = d.ReadString(),
        SecurityPolicyUri = d.ReadString(),
    };
}

/// <summary>An endpoint a server offers (Part 4 §7.14).</summary>
public sealed record EndpointDescription
{
    /// <summary>URL of the endpoint.</summary>
    public string? EndpointUrl { get; init; }
    /// <summary>The server.</summary>
    public ApplicationDescription Server { get; init; } = new();
    /// <summary>Server certificate (DER).</summary>
    public byte[]? ServerCertificate { get; init; }
    /// <summary>Security mode.</summary>
    public MessageSecurityMode SecurityMode { get; init; }
    /// <summary>Security policy URI.</summary>
    public string? SecurityPolicyUri { get; init; }
    /// <summary>Accepted user identities.</summary>
    public IReadOnlyList<UserTokenPolicy> UserIdentityTokens { get; init; } = [];
    /// <summary>Transport profile URI.</summary>
    public string? TransportProfileUri { get; init; }
    /// <summary>Relative security level.</summary>
    public byte SecurityLevel { get; init; }

    /// <summary>Writes the endpoint.</summary>
    public void Encode(BinaryEncoder e)
    {
        e.WriteString(EndpointUrl);
        Server.Encode(e);
        e.WriteByteString(ServerCertificate);
        e.WriteInt32((int)SecurityMode);
        e.WriteString(SecurityPolicyUri);
        e.WriteArray(UserIdentityTokens, static (x, p) => p.Encode(x));
        e.WriteString(TransportProfileUri);
        e.WriteByte(SecurityLevel);
    }

    /// <summary>Reads the endpoint.</summary>
    public static EndpointDescription Decode(ref BinaryDecoder d) => new()
    {
        EndpointUrl = d.ReadString(),
        Server = ApplicationDescription.Decode(ref d),
        ServerCertificate = d.ReadByteString(),
        SecurityMode = (MessageSecurityMode)d.ReadInt32(),
        SecurityPolicyUri = d.ReadString(),
        UserIdentityTokens = d.ReadArray<UserTokenPolicy>(UserTokenPolicy.Decode, 20) ?? [],
        TransportProfileUri = d.ReadString(),
        SecurityLevel = d.ReadByte(),
    };
}

/// <summary>GetEndpoints request (Part 4 §5.4.4).</summary>
public sealed record GetEndpointsRequest : IServiceRequest
{
    /// <summary>DefaultBinary encoding id.</summary>
    public const uint EncodingId = 428;
    /// <inheritdoc/>
    public uint BinaryEncodingId => EncodingId;
    /// <inheritdoc/>
    public RequestHeader RequestHeader { get; init; } = new();
    /// <summary>The URL the client used.</summary>
    public string? EndpointUrl { get; init; }
    /// <summary>Preferred locales.</summary>
    public IReadOnlyList<string?> LocaleIds { get; init; } = [];
    /// <summary>Transport profile filter.</summary>
    public IReadOnlyList<string?> ProfileUris { get; init; } = [];

    /// <inheritdoc/>
    public void Encode(BinaryEncoder e)
    {
        RequestHeader.Encode(e);
        e.WriteString(EndpointUrl);
        e.WriteArray(LocaleIds, static (x, s) => x.WriteString(s));
        e.WriteArray(ProfileUris, static (x, s) => x.WriteString(s));
    }

    /// <summary>Reads the request.</summary>
    public static GetEndpointsRequest Decode(ref BinaryDecoder d) => new()
    {
        RequestHeader = RequestHeader.Decode(ref d),
        EndpointUrl = d.ReadString(),
        LocaleIds = d.ReadArray(static (ref BinaryDecoder x) => x.ReadString(), 4) ?? [],
        ProfileUris = d.ReadArray(static (ref BinaryDecoder x) => x.ReadString(), 4) ?? [],
    };
}

/// <summary>GetEndpoints response.</summary>
public sealed record GetEndpointsResponse : IServiceResponse
{
    /// <summary>DefaultBinary encoding id.</summary>
    public const uint EncodingId = 431;
    /// <inheritdoc/>
    public uint BinaryEncodingId => EncodingId;
    /// <inheritdoc/>
    public ResponseHeader ResponseHeader { get; init; } = new();
    /// <summary>The endpoints.</summary>
    public IReadOnlyList<EndpointDescription> Endpoints { get; init; } = [];

    /// <inheritdoc/>
    public void Encode(BinaryEncoder e)
    {
        ResponseHeader.Encode(e);
        e.WriteArray(Endpoints, static (x, p) => p.Encode(x));
    }

    /// <summary>Reads the response.</summary>
    public static GetEndpointsResponse Decode(ref BinaryDecoder d) => new()
    {
        ResponseHeader = ResponseHeader.Decode(ref d),
        Endpoints = d.ReadArray<EndpointDescription>(EndpointDescription.Decode, 30) ?? [],
    };
}
