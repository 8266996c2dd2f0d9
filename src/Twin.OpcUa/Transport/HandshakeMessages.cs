using Twin.OpcUa.Encoding;

namespace Twin.OpcUa.Transport;

/// <summary>HEL: the client's offer (Part 6 §7.1.2.3).</summary>
internal sealed record HelloMessage(uint ProtocolVersion, uint ReceiveBufferSize, uint SendBufferSize, uint MaxMessageSize, uint MaxChunkCount, string? EndpointUrl)
{
    public void Encode(BinaryEncoder e)
    {
        e.WriteUInt32(ProtocolVersion);
        e.WriteUInt32(ReceiveBufferSize);
        e.WriteUInt32(SendBufferSize);
        e.WriteUInt32(MaxMessageSize);
        e.WriteUInt32(MaxChunkCount);
        e.WriteString(EndpointUrl);
    }

    public static HelloMessage Decode(ref BinaryDecoder d)
    {
        var hello = new HelloMessage(d.ReadUInt32(), d.ReadUInt32(), d.ReadUInt32(), d.ReadUInt32(), d.ReadUInt32(), d.ReadString());
        if (hello.EndpointUrl?.Length > 4096)
        {
            throw new OpcUaProtocolException(StatusCode.BadTcpEndpointUrlInvalid, "Endpoint URL in HEL is longer than 4096 bytes");
        }

        return hello;
    }
}

/// <summary>ACK: the server's answer with the negotiated limits (Part 6 §7.1.2.4).</summary>
internal sealed record AcknowledgeMessage(uint ProtocolVersion, uint ReceiveBufferSize, uint SendBufferSize, uint MaxMessageSize, uint MaxChunkCount)
{
    public void Encode(BinaryEncoder e)
    {
        e.WriteUInt32(ProtocolVersion);
        e.WriteUInt32(ReceiveBufferSize);
        e.WriteUInt32(SendBufferSize);
        e.WriteUInt32(MaxMessageSize);
        e.WriteUInt32(MaxChunkCount);
    }

    public static AcknowledgeMessage Decode(ref BinaryDecoder d) =>
        new(d.ReadUInt32(), d.ReadUInt32(), d.ReadUInt32(), d.ReadUInt32(), d.ReadUInt32());
}

/// <summary>ERR: a fatal error; the sender closes the connection (Part 6 §7.1.2.5).</summary>
internal sealed record ErrorMessage(StatusCode Error, string? Reason)
{
    public void Encode(BinaryEncoder e)
    {
        e.WriteStatusCode(Error);
        e.WriteString(Reason);
    }

    public static ErrorMessage Decode(ref BinaryDecoder d) => new(d.ReadStatusCode(), d.ReadString());
}
