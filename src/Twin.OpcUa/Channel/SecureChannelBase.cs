using System.Buffers;
using System.Buffers.Binary;
using Twin.OpcUa.Encoding;
using Twin.OpcUa.Services;
using Twin.OpcUa.Transport;

namespace Twin.OpcUa.Channel;

/// <summary>
/// What client and server channels share: framing of OPN/MSG/CLO chunks (secured by
/// <see cref="ChannelSecurity"/> under an RSA policy),
/// splitting outgoing messages into chunks within the peer's limits, reassembling incoming ones
/// within ours, and the sequence-number check. Subclasses decide what a message means.
/// </summary>
internal abstract class SecureChannelBase
{
    private static readonly byte[] NoneSecurityHeader = BuildNoneSecurityHeader();
    private readonly Dictionary<uint, MessageAssembly> _assemblies = [];
    private SequenceNumberCheck _receivedSequence;
    private uint _sendSequence;

    protected SecureChannelBase(UaTcpConnection connection, TransportLimits limits, DecodingLimits decodingLimits)
    {
        Connection = connection;
        Limits = limits;
        DecodingLimits = decodingLimits;
        SendChunkSize = limits.SendBufferSize;
        ReceiveMaxMessageSize = limits.MaxMessageSize;
        ReceiveMaxChunkCount = limits.MaxChunkCount;
    }

    internal UaTcpConnection Connection { get; }
    protected TransportLimits Limits { get; }
    protected DecodingLimits DecodingLimits { get; }

    /// <summary>Channel id assigned by the server (0 until opened).</summary>
    public uint ChannelId { get; protected set; }

    /// <summary>Token id put on outgoing MSG/CLO chunks.</summary>
    protected uint SendTokenId { get; set; }

    protected int SendChunkSize { get; set; }
    protected int PeerMaxMessageSize { get; set; }
    protected int PeerMaxChunkCount { get; set; }
    protected int ReceiveMaxMessageSize { get; set; }
    protected int ReceiveMaxChunkCount { get; set; }

    /// <summary>Status used when an outgoing message exceeds the peer's limits.</summary>
    protected abstract StatusCode TooLargeStatus { get; }

    /// <summary>Checks channel and token of an incoming chunk; throws when they are not ours.</summary>
    protected abstract void CheckIncoming(uint messageType, uint channelId, uint tokenId);

    /// <summary>Handles a complete message body (type id first). Runs on the receive loop.</summary>
    protected abstract void OnMessage(uint messageType, uint requestId, ReadOnlySpan<byte> body);

    /// <summary>
    /// Security of this channel under an RSA policy (null = SecurityPolicy None). Set by the client before
    /// its first OPN, by the server from the first OPN's asymmetric header.
    /// </summary>
    internal ChannelSecurity? Security { get; set; }

    /// <summary>Checks (or, on the server, adopts) the policy and certificates named by an OPN chunk.</summary>
    protected abstract void OnAsymmetricHeader(string? policyUri, ReadOnlySpan<byte> senderCertificate, ReadOnlySpan<byte> receiverThumbprint);

    /// <summary>Handles an abort chunk for a request id.</summary>
    protected abstract void OnAbort(uint requestId, StatusCode status, string? reason);

    private static byte[] BuildNoneSecurityHeader()
    {
        using var e = new BinaryEncoder(96);
        e.WriteString(SecurityPolicies.None);
        e.WriteByteString(null);
        e.WriteByteString(null);
        return e.ToArray();
    }

    /// <summary>Processes one received OPN/MSG/CLO chunk.</summary>
    protected void ProcessChunk(UaTcpChunk chunk)
    {
        var d = new BinaryDecoder(chunk.Payload, DecodingLimits);
        var channelId = d.ReadUInt32();
        uint tokenId = 0;
        var asymmetric = chunk.MessageType == MessageTypes.Open;
        if (asymmetric)
        {
            var policy = d.ReadString();
            var senderCertificate = d.ReadByteStringSpan(out _);
            var receiverThumbprint = d.ReadByteStringSpan(out _);
            OnAsymmetricHeader(policy, senderCertificate, receiverThumbprint);
        }
        else
        {
            tokenId = d.ReadUInt32();
        }

        CheckIncoming(chunk.MessageType, channelId, tokenId);
        var security = Security;
        if (security is not null && (asymmetric || security.Mode != MessageSecurityMode.None))
        {
            var headerSize = MessageTypes.HeaderSize + d.Position;
            chunk.Truncate(security.Unprotect(chunk.Writable, headerSize, asymmetric, tokenId));
            d = new BinaryDecoder(chunk.Payload, DecodingLimits);
            d.Skip(headerSize - MessageTypes.HeaderSize);
        }

        var sequenceNumber = d.ReadUInt32();
        var requestId = d.ReadUInt32();
        CheckIncoming(chunk.MessageType, channelId, tokenId);
        _receivedSequence.Accept(sequenceNumber);
        var body = chunk.Payload[d.Position..];

        switch (chunk.ChunkType)
        {
            case MessageTypes.Abort:
                if (_assemblies.Remove(requestId, out var aborted))
                {
                    aborted.Dispose();
                }

                var a = new BinaryDecoder(body, DecodingLimits);
                OnAbort(requestId, a.ReadStatusCode(), a.ReadString());
                return;
            case MessageTypes.Intermediate:
                if (!_assemblies.TryGetValue(requestId, out var assembly))
                {
                    if (_assemblies.Count >= 64)
                    {
                        throw new OpcUaProtocolException(StatusCode.BadTcpNotEnoughResources, "More than 64 messages are being assembled at once");
                    }

                    assembly = new MessageAssembly(Math.Min(ReceiveMaxMessageSize, body.Length * 4));
                    _assemblies[requestId] = assembly;
                }

                assembly.Append(body, ReceiveMaxMessageSize, ReceiveMaxChunkCount);
                return;
            default:
                if (_assemblies.Remove(requestId, out var complete))
                {
                    using (complete)
                    {
                        complete.Append(body, ReceiveMaxMessageSize, ReceiveMaxChunkCount);
                        OnMessage(chunk.MessageType, requestId, complete.Body);
                    }
                }
                else
                {
                    if (body.Length > ReceiveMaxMessageSize)
                    {
                        throw new OpcUaProtocolException(StatusCode.BadEncodingLimitsExceeded, $"Message is larger than {ReceiveMaxMessageSize} bytes");
                    }

                    OnMessage(chunk.MessageType, requestId, body);
                }

                return;
        }
    }

    /// <summary>Frees partially assembled messages (when the connection ends).</summary>
    protected void ReleaseAssemblies()
    {
        foreach (var assembly in _assemblies.Values)
        {
            assembly.Dispose();
        }

        _assemblies.Clear();
    }

    /// <summary>
    /// Encodes <paramref name="message"/> (type id + body) and sends it as one or more chunks within
    /// the peer's buffer size, message size and chunk count.
    /// </summary>
    protected async Task SendMessageAsync(uint messageType, uint requestId, IEncodeableMessage message, CancellationToken cancellationToken)
    {
        using var body = new BinaryEncoder(512);
        body.WriteNodeId(new NodeId(message.BinaryEncodingId));
        message.Encode(body);
        var total = body.Position;
        if (PeerMaxMessageSize > 0 && total > PeerMaxMessageSize)
        {
            throw new ServiceResultException(TooLargeStatus, $"Message of {total} bytes exceeds the peer's limit of {PeerMaxMessageSize}");
        }

        var asymmetric = messageType == MessageTypes.Open;
        var security = Security;
        var secured = security is not null && (asymmetric || security.Mode != MessageSecurityMode.None);
        var asymmetricHeader = security?.AsymmetricHeader ?? NoneSecurityHeader;
        var securityHeaderSize = asymmetric ? asymmetricHeader.Length : 4;
        var headerSize = MessageTypes.HeaderSize + 4 + securityHeaderSize;
        var maxBody = secured ? security!.MaxBodySize(asymmetric, SendChunkSize, headerSize) : SendChunkSize - headerSize - 8;
        if (maxBody < 1)
        {
            throw new ServiceResultException(StatusCode.BadTcpInternalError, $"Chunks of {SendChunkSize} bytes leave no room for a body under {security?.Policy}");
        }

        var chunkCount = Math.Max(1, (total + maxBody - 1) / maxBody);
        if (PeerMaxChunkCount > 0 && chunkCount > PeerMaxChunkCount)
        {
            throw new ServiceResultException(TooLargeStatus, $"Message needs {chunkCount} chunks; the peer accepts {PeerMaxChunkCount}");
        }

        // A signature or padding block can push a chunk past SendChunkSize while it is built; the
        // finished chunk never exceeds it.
        var buffer = ArrayPool<byte>.Shared.Rent(SendChunkSize + 1024);
        var output = secured ? ArrayPool<byte>.Shared.Rent(SendChunkSize + 1024) : null;
        try
        {
            await Connection.WriteLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var offset = 0;
                for (var i = 0; i < chunkCount; i++)
                {
                    var length = Math.Min(maxBody, total - offset);
                    var paddingCount = 0;
                    var size = secured ? security!.ChunkSize(asymmetric, headerSize, length, out paddingCount) : headerSize + 8 + length;
                    var span = buffer.AsSpan();
                    UaTcpChunk.WriteHeader(span, messageType, i == chunkCount - 1 ? MessageTypes.Final : MessageTypes.Intermediate, size);
                    BinaryPrimitives.WriteUInt32LittleEndian(span[8..], ChannelId);
                    if (asymmetric)
                    {
                        asymmetricHeader.CopyTo(span[12..]);
                    }
                    else
                    {
                        BinaryPrimitives.WriteUInt32LittleEndian(span[12..], SendTokenId);
                    }

                    _sendSequence = SequenceNumberCheck.Next(_sendSequence);
                    BinaryPrimitives.WriteUInt32LittleEndian(span[headerSize..], _sendSequence);
                    BinaryPrimitives.WriteUInt32LittleEndian(span[(headerSize + 4)..], requestId);
                    body.WrittenSpan.Slice(offset, length).CopyTo(span[(headerSize + 8)..]);
                    var bytes = secured
                        ? security!.Protect(buffer, output!, headerSize, headerSize + 8 + length, paddingCount, asymmetric, SendTokenId)
                        : buffer.AsMemory(0, size);
                    await Connection.WriteLockedAsync(bytes, cancellationToken).ConfigureAwait(false);
                    offset += length;
                }
            }
            finally
            {
                Connection.WriteLock.Release();
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            if (output is not null)
            {
                ArrayPool<byte>.Shared.Return(output);
            }
        }
    }

    /// <summary>Reads the type id at the start of a message body.</summary>
    protected static uint ReadTypeId(ref BinaryDecoder d)
    {
        var typeId = d.ReadNodeId();
        if (typeId.NamespaceIndex != 0 || typeId.IdType != NodeIdType.Numeric)
        {
            throw new OpcUaProtocolException(StatusCode.BadDataEncodingInvalid, $"Message type id {typeId} is not a namespace-0 numeric id");
        }

        return typeId.NumericIdentifier;
    }
}
