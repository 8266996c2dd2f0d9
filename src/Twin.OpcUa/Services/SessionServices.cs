using Twin.OpcUa.Encoding;

namespace Twin.OpcUa.Services;

/// <summary>A signature with its algorithm (empty under SecurityPolicy None).</summary>
public sealed record SignatureData
{
    /// <summary>Algorithm URI.</summary>
    public string? Algorithm { get; init; }
    /// <summary>Signature bytes.</summary>
    public byte[]? Signature { get; init; }

    /// <summary>Writes the signature.</summary>
    public void Encode(BinaryEncoder e)
    {
        e.WriteString(Algorithm);
        e.WriteByteString(Signature);
    }

    /// <summary>Reads the signature.</summary>
    public static SignatureData Decode(ref BinaryDecoder d) => new() { Algorithm = d.ReadString(), Signature = d.ReadByteString() };
}

/// <summary>A signed software certificate (kept as bytes).</summary>
public sealed record SignedSoftwareCertificate
{
    /// <summary>Certificate bytes.</summary>
    public byte[]? CertificateData { get; init; }
    /// <summary>Signature bytes.</summary>
    public byte[]? Signature { get; init; }

    /// <summary>Writes the certificate.</summary>
    public void Encode(BinaryEncoder e)
    {
        e.WriteByteString(CertificateData);
        e.WriteByteString(Signature);
    }

    /// <summary>Reads the certificate.</summary>
    public static SignedSoftwareCertificate Decode(ref BinaryDecoder d) => new() { CertificateData = d.ReadByteString(), Signature = d.ReadByteString() };
}

/// <summary>CreateSession request (Part 4 §5.6.2).</summary>
public sealed record CreateSessionRequest : IServiceRequest
{
    /// <summary>DefaultBinary encoding id.</summary>
    public const uint EncodingId = 461;
    /// <inheritdoc/>
    public uint BinaryEncodingId => EncodingId;
    /// <inheritdoc/>
    public RequestHeader RequestHeader { get; init; } = new();
    /// <summary>The client application.</summary>
    public ApplicationDescription ClientDescription { get; init; } = new();
    /// <summary>Server URI.</summary>
    public string? ServerUri { get; init; }
    /// <summary>Endpoint URL.</summary>
    public string? EndpointUrl { get; init; }
    /// <summary>Readable session name.</summary>
    public string? SessionName { get; init; }
    /// <summary>Client nonce.</summary>
    public byte[]? ClientNonce { get; init; }
    /// <summary>Client certificate.</summary>
    public byte[]? ClientCertificate { get; init; }
    /// <summary>Requested session timeout in milliseconds.</summary>
    public double RequestedSessionTimeout { get; init; }
    /// <summary>Largest response the client accepts (0 = no limit).</summary>
    public uint MaxResponseMessageSize { get; init; }

    /// <inheritdoc/>
    public void Encode(BinaryEncoder e)
    {
        RequestHeader.Encode(e);
        ClientDescription.Encode(e);
        e.WriteString(ServerUri);
        e.WriteString(EndpointUrl);
        e.WriteString(SessionName);
        e.WriteByteString(ClientNonce);
        e.WriteByteString(ClientCertificate);
        e.WriteDouble(RequestedSessionTimeout);
        e.WriteUInt32(MaxResponseMessageSize);
    }

    /// <summary>Reads the request.</summary>
    public static CreateSessionRequest Decode(ref BinaryDecoder d) => new()
    {
        RequestHeader = RequestHeader.Decode(ref d),
        ClientDescription = ApplicationDescription.Decode(ref d),
        ServerUri = d.ReadString(),
        EndpointUrl = d.ReadString(),
        SessionName = d.ReadString(),
        ClientNonce = d.ReadByteString(),
        ClientCertificate = d.ReadByteString(),
        RequestedSessionTimeout = d.ReadDouble(),
        MaxResponseMessageSize = d.ReadUInt32(),
    };
}

/// <summary>CreateSession response.</summary>
public sealed record CreateSessionResponse : IServiceResponse
{
    /// <summary>DefaultBinary encoding id.</summary>
    public const uint EncodingId = 464;
    /// <inheritdoc/>
    public uint BinaryEncodingId => EncodingId;
    /// <inheritdoc/>
    public ResponseHeader ResponseHeader { get; init; } = new();
    /// <summary>Public session id.</summary>
    public NodeId SessionId { get; init; }
    /// <summary>Secret token for request headers.</summary>
    public NodeId AuthenticationToken { get; init; }
    /// <summary>Granted session timeout in milliseconds.</summary>
    public double RevisedSessionTimeout { get; init; }
    /// <summary>Server nonce.</summary>
    public byte[]? ServerNonce { get; init; }
    /// <summary>Server certificate.</summary>
    public byte[]? ServerCertificate { get; init; }
    /// <summary>The server's endpoints.</summary>
    public IReadOnlyList<EndpointDescription> ServerEndpoints { get; init; } = [];
    /// <summary>Software certificates.</summary>
    public IReadOnlyList<SignedSoftwareCertificate> ServerSoftwareCertificates { get; init; } = [];
    /// <summary>Server signature.</summary>
    public SignatureData ServerSignature { get; init; } = new();
    /// <summary>Largest request the server accepts (0 = no limit).</summary>
    public uint MaxRequestMessageSize { get; init; }

    /// <inheritdoc/>
    public void Encode(BinaryEncoder e)
    {
        ResponseHeader.Encode(e);
        e.WriteNodeId(SessionId);
        e.WriteNodeId(AuthenticationToken);
        e.WriteDouble(RevisedSessionTimeout);
        e.WriteByteString(ServerNonce);
        e.WriteByteString(ServerCertificate);
        e.WriteArray(ServerEndpoints, static (x, p) => p.Encode(x));
        e.WriteArray(ServerSoftwareCertificates, static (x, p) => p.Encode(x));
        ServerSignature.Encode(e);
        e.WriteUInt32(MaxRequestMessageSize);
    }

    /// <summary>Reads the response.</summary>
    public static CreateSessionResponse Decode(ref BinaryDecoder d) => new()
    {
        ResponseHeader = ResponseHeader.Decode(ref d),
        SessionId = d.ReadNodeId(),
        AuthenticationToken = d.ReadNodeId(),
        RevisedSessionTimeout = d.ReadDouble(),
        ServerNonce = d.ReadByteString(),
        ServerCertificate = d.ReadByteString(),
        ServerEndpoints = d.ReadArray<EndpointDescription>(EndpointDescription.Decode, 30) ?? [],
        ServerSoftwareCertificates = d.ReadArray<SignedSoftwareCertificate>(SignedSoftwareCertificate.Decode, 8) ?? [],
        ServerSignature = SignatureData.Decode(ref d),
        MaxRequestMessageSize = d.ReadUInt32(),
    };
}

/// <summary>ActivateSession request (Part 4 §5.6.3).</summary>
public sealed record ActivateSessionRequest : IServiceRequest
{
    /// <summary>DefaultBinary encoding id.</summary>
    public const uint EncodingId = 467;
    /// <inheritdoc/>
    public uint BinaryEncodingId => EncodingId;
    /// <inheritdoc/>
    public RequestHeader RequestHeader { get; init; } = new();
    /// <summary>Client signature (empty under None).</summary>
    public SignatureData ClientSignature { get; init; } = new();
    /// <summary>Software certificates.</summary>
    public IReadOnlyList<SignedSoftwareCertificate> ClientSoftwareCertificates { get; init; } = [];
    /// <summary>Preferred locales.</summary>
    public IReadOnlyList<string?> LocaleIds { get; init; } = [];
    /// <summary>Identity token (Anonymous or UserName), encoded.</summary>
    public ExtensionObject UserIdentityToken { get; init; }
    /// <summary>Signature of the token.</summary>
    public SignatureData UserTokenSignature { get; init; } = new();

    /// <inheritdoc/>
    public void Encode(BinaryEncoder e)
    {
        RequestHeader.Encode(e);
        ClientSignature.Encode(e);
        e.WriteArray(ClientSoftwareCertificates, static (x, p) => p.Encode(x));
        e.WriteArray(LocaleIds, static (x, s) => x.WriteString(s));
        e.WriteExtensionObject(UserIdentityToken);
        UserTokenSignature.Encode(e);
    }

    /// <summary>Reads the request.</summary>
    public static ActivateSessionRequest Decode(ref BinaryDecoder d) => new()
    {
        RequestHeader = RequestHeader.Decode(ref d),
        ClientSignature = SignatureData.Decode(ref d),
        ClientSoftwareCertificates = d.ReadArray<SignedSoftwareCertificate>(SignedSoftwareCertificate.Decode, 8) ?? [],
        LocaleIds = d.ReadArray(static (ref BinaryDecoder x) => x.ReadString(), 4) ?? [],
        UserIdentityToken = d.ReadExtensionObject(),
        UserTokenSignature = SignatureData.Decode(ref d),
    };
}

/// <summary>ActivateSession response.</summary>
public sealed record ActivateSessionResponse : IServiceResponse
{
    /// <summary>DefaultBinary encoding id.</summary>
    public const uint EncodingId = 470;
    /// <inheritdoc/>
    public uint BinaryEncodingId => EncodingId;
    /// <inheritdoc/>
    public ResponseHeader ResponseHeader { get; init; } = new();
    /// <summary>Server nonce.</summary>
    public byte[]? ServerNonce { get; init; }
    /// <summary>Results for the software certificates.</summary>
    public IReadOnlyList<StatusCode> Results { get; init; } = [];
    /// <summary>Diagnostics.</summary>
    public IReadOnlyList<DiagnosticInfo?> DiagnosticInfos { get; init; } = [];

    /// <inheritdoc/>
    public void Encode(BinaryEncoder e)
    {
        ResponseHeader.Encode(e);
        e.WriteByteString(ServerNonce);
        e.WriteArray(Results, static (x, s) => x.WriteStatusCode(s));
        e.WriteArray(DiagnosticInfos, static (x, s) => x.WriteDiagnosticInfo(s));
    }

    /// <summary>Reads the response.</summary>
    public static ActivateSessionResponse Decode(ref BinaryDecoder d) => new()
    {
        ResponseHeader = ResponseHeader.Decode(ref d),
        ServerNonce = d.ReadByteString(),
        Results = d.ReadArray(static (ref BinaryDecoder x) => x.ReadStatusCode(), 4) ?? [],
        DiagnosticInfos = d.ReadArray(static (ref BinaryDecoder x) => x.ReadDiagnosticInfo()) ?? [],
    };
}

/// <summary>CloseSession request.</summary>
public sealed record CloseSessionRequest : IServiceRequest
{
    /// <summary>DefaultBinary encoding id.</summary>
    public const uint EncodingId = 473;
    /// <inheritdoc/>
    public uint BinaryEncodingId => EncodingId;
    /// <inheritdoc/>
    public RequestHeader RequestHeader { get; init; } = new();
    /// <summary>Delete the session's subscriptions too.</summary>
    public bool DeleteSubscriptions { get; init; }

    /// <inheritdoc/>
    public void Encode(BinaryEncoder e)
    {
        RequestHeader.Encode(e);
        e.WriteBoolean(DeleteSubscriptions);
    }

    /// <summary>Reads the request.</summary>
    public static CloseSessionRequest Decode(ref BinaryDecoder d) => new() { RequestHeader = RequestHeader.Decode(ref d), DeleteSubscriptions = d.ReadBoolean() };
}

/// <summary>CloseSession response.</summary>
public sealed record CloseSessionResponse : IServiceResponse
{
    /// <summary>DefaultBinary encoding id.</summary>
    public const uint EncodingId = 476;
    /// <inheritdoc/>
    public uint BinaryEncodingId => EncodingId;
    /// <inheritdoc/>
    public ResponseHeader ResponseHeader { get; init; } = new();
    /// <inheritdoc/>
    public void Encode(BinaryEncoder e) => ResponseHeader.Encode(e);
    /// <summary>Reads the response.</summary>
    public static CloseSessionResponse Decode(ref BinaryDecoder d) => new() { ResponseHeader = ResponseHeader.Decode(ref d) };
}

/// <summary>Identity tokens placed in ActivateSession (Part 4 §7.36).</summary>
public static class IdentityTokens
{
    /// <summary>AnonymousIdentityToken DefaultBinary encoding id.</summary>
    public const uint AnonymousEncodingId = 321;
    /// <summary>UserNameIdentityToken DefaultBinary encoding id.</summary>
    public const uint UserNameEncodingId = 324;

    /// <summary>Encodes an anonymous token for <paramref name="policyId"/>.</summary>
    public static ExtensionObject Anonymous(string? policyId)
    {
        using var e = new BinaryEncoder(64);
        e.WriteString(policyId);
        return new ExtensionObject(new NodeId(AnonymousEncodingId), ExtensionObjectEncoding.Binary, e.ToArray());
    }

    /// <summary>
    /// Encodes a user-name token. Under SecurityPolicy None the password travels as plain UTF-8
    /// (no encryption algorithm), which is what such an endpoint asks for.
    /// </summary>
    public static ExtensionObject UserName(string? policyId, string userName, string password)
    {
        using var e = new BinaryEncoder(128);
        e.WriteString(policyId);
        e.WriteString(userName);
        e.WriteByteString(System.Text.Encoding.UTF8.GetBytes(password));
        e.WriteString(null);
        return new ExtensionObject(new NodeId(UserNameEncodingId), ExtensionObjectEncoding.Binary, e.ToArray());
    }

    /// <summary>Encodes a user-name token whose password is already encrypted with <paramref name="algorithm"/>.</summary>
    public static ExtensionObject UserNameEncrypted(string? policyId, string userName, byte[] secret, string algorithm)
    {
        using var e = new BinaryEncoder(secret.Length + 128);
        e.WriteString(policyId);
        e.WriteString(userName);
        e.WriteByteString(secret);
        e.WriteString(algorithm);
        return new ExtensionObject(new NodeId(UserNameEncodingId), ExtensionObjectEncoding.Binary, e.ToArray());
    }

    /// <summary>Reads a user-name token body: policy id, user name, password bytes, encryption algorithm.</summary>
    public static (string? PolicyId, string? UserName, byte[]? Password, string? Algorithm) DecodeUserName(ReadOnlySpan<byte> body, DecodingLimits? limits = null)
    {
        var d = new BinaryDecoder(body, limits);
        return (d.ReadString(), d.ReadString(), d.ReadByteString(), d.ReadString());
    }

    /// <summary>Reads an anonymous token body: the policy id.</summary>
    public static string? DecodeAnonymous(ReadOnlySpan<byte> body, DecodingLimits? limits = null)
    {
        var d = new BinaryDecoder(body, limits);
        return d.ReadString();
    }
}
