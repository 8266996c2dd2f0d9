using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Twin.OpcUa.Encoding;
using Twin.OpcUa.Services;
using Twin.OpcUa.Transport;

namespace Twin.OpcUa.Channel;

/// <summary>Decoded request handed from a server channel to the service layer.</summary>
internal delegate void ServerRequestHandler(ServerSecureChannel channel, uint requestId, IServiceRequest request);

/// <summary>
/// The server end of one connection: HEL/ACK with negotiated limits, OPN Issue/Renew (keeping the
/// previous token valid during the overlap), MSG dispatch and CLO. Any protocol violation sends
/// ERR and closes this connection only.
/// </summary>
internal sealed class ServerSecureChannel : SecureChannelBase
{
    private readonly ServerChannelSettings _settings;
    private readonly ServerRequestHandler _handler;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private ChannelSecurityToken? _current;
    private ChannelSecurityToken? _previous;
    private bool _clientUsesCurrent;
    private int _closed;

    public ServerSecureChannel(UaTcpConnection connection, ServerChannelSettings settings, ServerRequestHandler handler, ILogger logger)
        : base(connection, settings.Limits, settings.DecodingLimits)
    {
        _settings = settings;
        _handler = handler;
        _logger = logger;
    }

    /// <summary>Raised once when the connection ends.</summary>
    public event Action<ServerSecureChannel>? Closed;

    /// <summary>Raised once when the client has completed HEL and the first OPN: the handshake is over.</summary>
    public event Action<ServerSecureChannel>? Opened;

    public bool IsOpen => Volatile.Read(ref _closed) == 0;

    public string? EndpointUrl { get; private set; }

    protected override StatusCode TooLargeStatus => StatusCode.BadResponseTooLarge;

    public async Task RunAsync(CancellationToken serverStopping)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(serverStopping, _stopping.Token);
        try
        {
            await HandshakeAsync(linked.Token).ConfigureAwait(false);
            while (!linked.IsCancellationRequested)
            {
                using var chunk = await Connection.ReadChunkAsync(linked.Token).ConfigureAwait(false);
                if (chunk is null)
                {
                    break;
                }

                if (chunk.MessageType == MessageTypes.Close)
                {
                    ProcessChunk(chunk);
                    break;
                }

                if (chunk.MessageType is not (MessageTypes.Open or MessageTypes.Message))
                {
                    throw new OpcUaProtocolException(StatusCode.BadTcpMessageTypeInvalid, $"Unexpected {MessageTypes.Name(chunk.MessageType)} on an open connection");
                }

                ProcessChunk(chunk);
            }
        }
        catch (OpcUaProtocolException ex)
        {
            _logger.LogWarning("Closing connection {ChannelId}: {Reason}", ChannelId, ex.Message);
            await SendErrorAsync(ex.Status, ex.Message).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException or EndOfStreamException)
        {
            _logger.LogDebug("Connection {ChannelId} ended: {Reason}", ChannelId, ex.Message);
        }
        finally
        {
            ReleaseAssemblies();
            Close();
            Security?.Dispose();
        }
    }

    private async Task HandshakeAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_settings.HandshakeTimeout);
        using var chunk = await Connection.ReadChunkAsync(timeout.Token).ConfigureAwait(false)
            ?? throw new EndOfStreamException("Client closed before HEL");
        if (chunk.MessageType != MessageTypes.Hello || chunk.ChunkType != MessageTypes.Final)
        {
            throw new OpcUaProtocolException(StatusCode.BadTcpMessageTypeInvalid, $"Expected HEL, got {MessageTypes.Name(chunk.MessageType)}");
        }

        var d = new BinaryDecoder(chunk.Payload, DecodingLimits);
        var hello = HelloMessage.Decode(ref d);
        if (hello.ReceiveBufferSize < 8192 || hello.SendBufferSize < 8192)
        {
            throw new OpcUaProtocolException(StatusCode.BadTcpInternalError, $"HEL buffer sizes {hello.ReceiveBufferSize}/{hello.SendBufferSize} are below 8192");
        }

        EndpointUrl = hello.EndpointUrl;
        var receive = (uint)Math.Min((uint)Limits.ReceiveBufferSize, hello.SendBufferSize);
        var send = (uint)Math.Min((uint)Limits.SendBufferSize, hello.ReceiveBufferSize);
        SendChunkSize = (int)send;
        PeerMaxMessageSize = (int)Math.Min(hello.MaxMessageSize, int.MaxValue);
        PeerMaxChunkCount = (int)Math.Min(hello.MaxChunkCount, int.MaxValue);
        Connection.MaxReceiveChunkSize = (int)receive;
        var ack = new AcknowledgeMessage(0, receive, send, (uint)Limits.MaxMessageSize, (uint)Limits.MaxChunkCount);
        await Connection.WriteSimpleAsync(MessageTypes.Acknowledge, ack.Encode, cancellationToken).ConfigureAwait(false);
    }

    protected override void OnAsymmetricHeader(string? policyUri, ReadOnlySpan<byte> senderCertificate, ReadOnlySpan<byte> receiverThumbprint)
    {
        var offered = _settings.Security;
        if (policyUri == SecurityPolicies.None)
        {
            // Always accepted for discovery (GetEndpoints); sessions on it need a None endpoint (checked by CreateSession).
            if (Security is not null)
            {
                throw new OpcUaProtocolException(StatusCode.BadSecurityPolicyRejected, "OPN Renew cannot drop the channel's security");
            }

            return;
        }

        var policy = Twin.OpcUa.Security.SecurityPolicy.Find(policyUri);
        if (policy is null || offered is null || !offered.Offers(policy.Uri))
        {
            throw new OpcUaProtocolException(StatusCode.BadSecurityPolicyRejected, $"Security policy '{policyUri}' is not offered by this server");
        }

        if (Security is not null)
        {
            // Renewal: same policy, same client certificate.
            if (Security.Policy != policy || !ChannelSecurity.FirstCertificate(senderCertificate).RawData.AsSpan().SequenceEqual(Security.Remote.RawData))
            {
                throw new OpcUaProtocolException(StatusCode.BadSecurityChecksFailed, "OPN Renew changed the policy or the client certificate");
            }

            return;
        }

        if (!receiverThumbprint.SequenceEqual(offered.Certificate.Thumbprint))
        {
            throw new OpcUaProtocolException(StatusCode.BadCertificateInvalid, "OPN was encrypted for a certificate that is not this server's");
        }

        var sent = ChannelSecurity.Certificates(senderCertificate);
        var client = sent[0];
        try
        {
            offered.Pki.Validate(sent, "the client");
        }
        catch (ServiceResultException ex)
        {
            throw new OpcUaProtocolException(ex.Status, ex.Message);
        }

        Security = new ChannelSecurity(policy, MessageSecurityMode.Invalid, offered.Certificate, client, isClient: false);
    }

    protected override void CheckIncoming(uint messageType, uint channelId, uint tokenId)
    {
        if (messageType == MessageTypes.Open)
        {
            if (_current is not null && channelId != ChannelId)
            {
                throw new OpcUaProtocolException(StatusCode.BadTcpSecureChannelUnknown, $"OPN for channel {channelId} on channel {ChannelId}");
            }

            return;
        }

        if (_current is null)
        {
            throw new OpcUaProtocolException(StatusCode.BadTcpSecureChannelUnknown, $"{MessageTypes.Name(messageType)} before OPN");
        }

        if (channelId != ChannelId)
        {
            throw new OpcUaProtocolException(StatusCode.BadTcpSecureChannelUnknown, $"Message for channel {channelId}, this is {ChannelId}");
        }

        var now = DateTime.UtcNow;
        if (tokenId == _current.TokenId)
        {
            if (now > _current.CreatedAt.AddMilliseconds(_current.RevisedLifetime * 1.25))
            {
                throw new OpcUaProtocolException(StatusCode.BadSecureChannelTokenUnknown, $"Token {tokenId} expired without renewal");
            }

            if (!_clientUsesCurrent)
            {
                // The client switched to the renewed token: answer with it from now on.
                _clientUsesCurrent = true;
                SendTokenId = tokenId;
            }

            return;
        }

        if (_previous is not null && tokenId == _previous.TokenId && now <= _previous.CreatedAt.AddMilliseconds(_previous.RevisedLifetime * 1.25))
        {
            return;
        }

        throw new OpcUaProtocolException(StatusCode.BadSecureChannelTokenUnknown, $"Token {tokenId} is not valid on channel {ChannelId}");
    }

    protected override void OnMessage(uint messageType, uint requestId, ReadOnlySpan<byte> body)
    {
        var d = new BinaryDecoder(body, DecodingLimits);
        var typeId = ReadTypeId(ref d);
        if (messageType == MessageTypes.Close)
        {
            Close();
            return;
        }

        if (messageType == MessageTypes.Open)
        {
            if (typeId != OpenSecureChannelRequest.EncodingId)
            {
                throw new OpcUaProtocolException(StatusCode.BadTcpMessageTypeInvalid, $"OPN carries type {typeId}");
            }

            OpenOrRenew(requestId, OpenSecureChannelRequest.Decode(ref d));
            return;
        }

        if (!ServiceRequestTypes.TryGetDecoder(typeId, out var decode))
        {
            var header = RequestHeader.Decode(ref d);
            SendResponse(requestId, new ServiceFault { ResponseHeader = ResponseHeader.For(header, StatusCode.BadServiceUnsupported) });
            return;
        }

        var request = decode(ref d);
        _handler(this, requestId, request);
    }

    private void OpenOrRenew(uint requestId, OpenSecureChannelRequest request)
    {
        var security = Security;
        var policyUri = security?.Policy.Uri ?? SecurityPolicies.None;
        if (security is null ? request.SecurityMode is not (MessageSecurityMode.None or MessageSecurityMode.Invalid)
            : request.SecurityMode is not (MessageSecurityMode.Sign or MessageSecurityMode.SignAndEncrypt) || !_settings.Security!.Offers(policyUri, request.SecurityMode)
              || (security.Mode != MessageSecurityMode.Invalid && security.Mode != request.SecurityMode))
        {
            throw new OpcUaProtocolException(StatusCode.BadSecurityModeRejected, $"Security mode {request.SecurityMode} is not offered with {security?.Policy.Name ?? "None"}");
        }

        byte[] serverNonce = [];
        if (security is not null)
        {
            if (request.ClientNonce is null || request.ClientNonce.Length != security.Policy.NonceLength)
            {
                throw new OpcUaProtocolException(StatusCode.BadNonceInvalid, $"The client nonce has {request.ClientNonce?.Length ?? 0} bytes, {security.Policy.Name} needs {security.Policy.NonceLength}");
            }

            security.Mode = request.SecurityMode;
            serverNonce = System.Security.Cryptography.RandomNumberGenerator.GetBytes(security.Policy.NonceLength);
        }

        var lifetime = (uint)Math.Clamp(request.RequestedLifetime == 0 ? _settings.MaxTokenLifetime.TotalMilliseconds : request.RequestedLifetime,
            _settings.MinTokenLifetime.TotalMilliseconds, _settings.MaxTokenLifetime.TotalMilliseconds);
        if (request.RequestType == SecurityTokenRequestType.Issue)
        {
            if (_current is not null)
            {
                throw new OpcUaProtocolException(StatusCode.BadTcpSecureChannelUnknown, "OPN Issue on a channel that is already open");
            }

            ChannelId = _settings.NextChannelId();
            _current = new ChannelSecurityToken { ChannelId = ChannelId, TokenId = 1, CreatedAt = DateTime.UtcNow, RevisedLifetime = lifetime };
            SendTokenId = 1;
            _clientUsesCurrent = true;
            Opened?.Invoke(this);
        }
        else
        {
            if (_current is null)
            {
                throw new OpcUaProtocolException(StatusCode.BadTcpSecureChannelUnknown, "OPN Renew before Issue");
            }

            _previous = _current;
            _current = new ChannelSecurityToken { ChannelId = ChannelId, TokenId = _previous.TokenId + 1, CreatedAt = DateTime.UtcNow, RevisedLifetime = lifetime };
            _clientUsesCurrent = false;
            // Until the client uses the new token we answer under the one it renewed from: it holds that one
            // (it was in the last OPN response) even when it never sent a MSG under it, as when only Publish
            // requests are outstanding across several renewals. Staying on an older one sent responses under
            // a token the client had already dropped (and whose keys we had discarded).
            SendTokenId = _previous.TokenId;
        }

        var response = new OpenSecureChannelResponse
        {
            ResponseHeader = ResponseHeader.For(request.RequestHeader),
            SecurityToken = _current,
            ServerNonce = serverNonce,
        };
        // Keys before the response: the client may use the new token as soon as it has read it.
        security?.AddToken(_current.TokenId, request.ClientNonce, serverNonce);
        _ = SendSafelyAsync(MessageTypes.Open, requestId, response);
    }

    protected override void OnAbort(uint requestId, StatusCode status, string? reason) =>
        _logger.LogDebug("Client aborted request {RequestId}: {Status} {Reason}", requestId, status, reason);

    /// <summary>Sends a response (fire and forget; failures close the connection).</summary>
    public void SendResponse(uint requestId, IServiceResponse response) => _ = SendSafelyAsync(MessageTypes.Message, requestId, response);

    private async Task SendSafelyAsync(uint messageType, uint requestId, IEncodeableMessage message)
    {
        if (!IsOpen)
        {
            return;
        }

        try
        {
            await SendMessageAsync(messageType, requestId, message, _stopping.Token).ConfigureAwait(false);
        }
        catch (ServiceResultException ex) when (message is IServiceResponse response)
        {
            // Too large for the client's limits: tell the client instead of dropping the request.
            _logger.LogWarning("Response to request {RequestId} not sent: {Reason}", requestId, ex.Message);
            var fault = new ServiceFault { ResponseHeader = response.ResponseHeader with { ServiceResult = ex.Status, StringTable = [] } };
            await SendSafelyAsync(messageType, requestId, fault).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            Close();
        }
        catch (InvalidOperationException ex)
        {
            // Our own fault (e.g. no keys for the send token): fire-and-forget would lose it unseen, so say so and close.
            _logger.LogError(ex, "Response to request {RequestId} on channel {ChannelId} could not be secured; closing the connection", requestId, ChannelId);
            Close();
        }
    }

    private async Task SendErrorAsync(StatusCode status, string reason)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            var error = new ErrorMessage(status, reason.Length > 4000 ? reason[..4000] : reason);
            await Connection.WriteSimpleAsync(MessageTypes.Error, error.Encode, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            _logger.LogDebug("ERR could not be sent: {Reason}", ex.Message);
        }
    }

    /// <summary>Closes the connection (idempotent).</summary>
    public void Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        _stopping.Cancel();
        Connection.Abort();
        Closed?.Invoke(this);
    }
}

/// <summary>Server-wide settings each channel needs.</summary>
internal sealed record ServerChannelSettings(
    TransportLimits Limits, DecodingLimits DecodingLimits, TimeSpan HandshakeTimeout, TimeSpan MinTokenLifetime, TimeSpan MaxTokenLifetime, Func<uint> NextChannelId,
    ServerChannelSecurity? Security = null);

/// <summary>What a server offers beyond None: its certificate, its trust list and the policy/mode pairs of its endpoints.</summary>
internal sealed record ServerChannelSecurity(Security.ApplicationCertificate Certificate, Security.PkiStore Pki, IReadOnlyList<(string PolicyUri, MessageSecurityMode Mode)> Endpoints)
{
    public bool Offers(string policyUri) => Endpoints.Any(e => e.PolicyUri == policyUri);

    public bool Offers(string policyUri, MessageSecurityMode mode) => Endpoints.Any(e => e.PolicyUri == policyUri && e.Mode == mode);
}
