using Twin.OpcUa.Encoding;

namespace Twin.OpcUa.Services;

/// <summary>Whether an OpenSecureChannel request creates or renews the channel's token.</summary>
public enum SecurityTokenRequestType
{
    /// <summary>Open a new channel.</summary>
    Issue = 0,
    /// <summary>Get a new token for the open channel.</summary>
    Renew = 1,
}

/// <summary>Message security of a channel or endpoint.</summary>
public enum MessageSecurityMode
{
    /// <summary>Invalid.</summary>
    Invalid = 0,
    /// <summary>No security (the only mode Twin supports so far).</summary>
    None = 1,
    /// <summary>Signed.</summary>
    Sign = 2,
    /// <summary>Signed and encrypted.</summary>
    SignAndEncrypt = 3,
}

/// <summary>The token that identifies one period of a secure channel.</summary>
public sealed record ChannelSecurityToken
{
    /// <summary>Channel id.</summary>
    public uint ChannelId { get; init; }
    /// <summary>Token id (goes up on renewal).</summary>
    public uint TokenId { get; init; }
    /// <summary>When the server created the token.</summary>
    public DateTime CreatedAt { get; init; }
    /// <summary>Lifetime in milliseconds granted by the server.</summary>
    public uint RevisedLifetime { get; init; }

    /// <summary>Writes the token.</summary>
    public void Encode(BinaryEncoder e)
    {
        e.WriteUInt32(ChannelId);
        e.WriteUInt32(TokenId);
        e.WriteDateTime(CreatedAt);
        e.WriteUInt32(RevisedLifetime);
    }

    /// <summary>Reads the token.</summary>
    public static ChannelSecurityToken Decode(ref BinaryDecoder d) => new()
    {
        ChannelId = d.ReadUInt32(),
        TokenId = d.ReadUInt32(),
        CreatedAt = d.ReadDateTime(),
        RevisedLifetime = d.ReadUInt32(),
    };
}

/// <summary>OpenSecureChannel request (Part 4 §5.5.2).</summary>
public sealed record OpenSecureChannelRequest : IServiceRequest
{
    /// <summary>DefaultBinary encoding id.</summary>
    public const uint EncodingId = 446;
    /// <inheritdoc/>
    public uint BinaryEncodingId => EncodingId;
    /// <inheritdoc/>
    public RequestHeader RequestHeader { get; init; } = new();
    /// <summary>Protocol version (0).</summary>
    public uint ClientProtocolVersion { get; init; }
    /// <summary>Issue or renew.</summary>
    public SecurityTokenRequestType RequestType { get; init; }
    /// <summary>Security mode (None).</summary>
    public MessageSecurityMode SecurityMode { get; init; } = MessageSecurityMode.None;
    /// <summary>Client nonce (empty for None).</summary>
    public byte[]? ClientNonce { get; init; }
    /// <summary>Requested token lifetime in milliseconds.</summary>
    public uint RequestedLifetime { get; init; }

    /// <inheritdoc/>
    public void Encode(BinaryEncoder e)
    {
        RequestHeader.Encode(e);
        e.WriteUInt32(ClientProtocolVersion);
        e.WriteInt32((int)RequestType);
        e.WriteInt32((int)SecurityMode);
        e.WriteByteString(ClientNonce);
        e.WriteUInt32(RequestedLifetime);
    }

    /// <summary>Reads the request.</summary>
    public static OpenSecureChannelRequest Decode(ref BinaryDecoder d) => new()
    {
        RequestHeader = RequestHeader.Decode(ref d),
        ClientProtocolVersion = d.ReadUInt32(),
        RequestType = (SecurityTokenRequestType)d.ReadInt32(),
        SecurityMode = (MessageSecurityMode)d.ReadInt32(),
        ClientNonce = d.ReadByteString(),
        RequestedLifetime = d.ReadUInt32(),
    };
}

/// <summary>OpenSecureChannel response.</summary>
public sealed record OpenSecureChannelResponse : IServiceResponse
{
    /// <summary>DefaultBinary encoding id.</summary>
    public const uint EncodingId = 449;
    /// <inheritdoc/>
    public uint BinaryEncodingId => EncodingId;
    /// <inheritdoc/>
    public ResponseHeader ResponseHeader { get; init; } = new();
    /// <summary>Protocol version (0).</summary>
    public uint ServerProtocolVersion { get; init; }
    /// <summary>The new token.</summary>
    public ChannelSecurityToken SecurityToken { get; init; } = new();
    /// <summary>Server nonce (empty for None).</summary>
    public byte[]? ServerNonce { get; init; }

    /// <inheritdoc/>
    public void Encode(BinaryEncoder e)
    {
        ResponseHeader.Encode(e);
        e.WriteUInt32(ServerProtocolVersion);
        SecurityToken.Encode(e);
        e.WriteByteString(ServerNonce);
    }

    /// <summary>Reads the response.</summary>
    public static OpenSecureChannelResponse Decode(ref BinaryDecoder d) => new()
    {
        ResponseHeader = ResponseHeader.Decode(ref d),
        ServerProtocolVersion = d.ReadUInt32(),
        SecurityToken = ChannelSecurityToken.Decode(ref d),
        ServerNonce = d.ReadByteString(),
    };
}

/// <summary>CloseSecureChannel request (no response is sent).</summary>
public sealed record CloseSecureChannelRequest : IServiceRequest
{
    /// <summary>DefaultBinary encoding id.</summary>
    public const uint EncodingId = 452;
    /// <inheritdoc/>
    public uint BinaryEncodingId => EncodingId;
    /// <inheritdoc/>
    public RequestHeader RequestHeader { get; init; } = new();
    /// <inheritdoc/>
    public void Encode(BinaryEncoder e) => RequestHeader.Encode(e);
    /// <summary>Reads the request.</summary>
    public static CloseSecureChannelRequest Decode(ref BinaryDecoder d) => new() { RequestHeader = RequestHeader.Decode(ref d) };
}
