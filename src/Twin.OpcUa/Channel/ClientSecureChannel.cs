using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Twin.OpcUa.Encoding;
using Twin.OpcUa.Services;
using Twin.OpcUa.Transport;

namespace Twin.OpcUa.Channel;

/// <summary>
/// The client end of a secure channel: TCP connect, HEL/ACK, OPN Issue, a receive loop that
/// matches responses to requests, token renewal at 75 % of the revised lifetime (accepting the
/// old token during the overlap), and CLO.
/// </summary>
internal sealed class ClientSecureChannel : SecureChannelBase, IAsyncDisposable
{
    private readonly ConcurrentDictionary<uint, PendingRequest> _pending = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly uint _requestedLifetime;
    private uint _nextRequestId;
    private uint _previousTokenId;
    private DateTime _previousTokenValidUntil;
    private long _tokenRequestedAt;
    private Task _receiveLoop = Task.CompletedTask;
    private Task _renewLoop = Task.CompletedTask;
    private int _closed;

    private ClientSecureChannel(UaTcpConnection connection, TransportLimits limits, DecodingLimits decodingLimits, uint requestedLifetime, ILogger logger, TimeProvider time)
        : base(connection, limits, decodingLimits)
    {
        _requestedLifetime = requestedLifetime;
        _logger = logger;
        _time = time;
    }

    /// <summary>Raised once when the channel ends; the argument says why (null = closed by us).</summary>
    public event Action<ClientSecureChannel, Exception?>? Closed;

    /// <summary>Raised after each successful token renewal.</summary>
    public event Action<ChannelSecurityToken>? TokenRenewed;

    /// <summary>The current token.</summary>
    public ChannelSecurityToken Token { get; private set; } = new();

    /// <summary>True until the channel closes.</summary>
    public bool IsOpen => Volatile.Read(ref _closed) == 0;

    /// <summary>Connects, negotiates limits and opens the channel.</summary>
    public static async Task<ClientSecureChannel> OpenAsync(
        string endpointUrl, TransportLimits limits, DecodingLimits decodingLimits, uint requestedLifetimeMs,
        TimeSpan connectTimeout, ILogger logger, TimeProvider time, CancellationToken cancellationToken, ChannelSecurity? security = null)
    {
        limits.Validate();
        var address = EndpointAddress.Parse(endpointUrl);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(connectTimeout);
        try
        {
            await socket.ConnectAsync(address.Host, address.Port, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new ServiceResultException(StatusCode.BadNotConnected,
                $"Cannot reach {address.Host}:{address.Port} ({(ex is SocketException se ? se.SocketErrorCode.ToString() : "timed out")}); check the endpoint URL and that the server is running");
        }

        var connection = new UaTcpConnection(new NetworkStream(socket, ownsSocket: true), socket);
        var channel = new ClientSecureChannel(connection, limits, decodingLimits, requestedLifetimeMs, logger, time) { Security = security };
        try
        {
            await channel.HandshakeAsync(address.Url, timeout.Token).ConfigureAwait(false);
            channel._receiveLoop = Task.Run(channel.ReceiveLoopAsync, CancellationToken.None);
            await channel.OpenOrRenewAsync(SecurityTokenRequestType.Issue, connectTimeout, timeout.Token).ConfigureAwait(false);
            channel._renewLoop = Task.Run(channel.RenewLoopAsync, CancellationToken.None);
            return channel;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await channel.DisposeAsync().ConfigureAwait(false);
            throw new ServiceResultException(StatusCode.BadTimeout, $"{address.Url} accepted the TCP connection but did not open a secure channel within {connectTimeout.TotalSeconds:0.#} s");
        }
        catch
        {
            await channel.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task HandshakeAsync(string endpointUrl, CancellationToken cancellationToken)
    {
        var hello = new HelloMessage(0, (uint)Limits.ReceiveBufferSize, (uint)Limits.SendBufferSize, (uint)Limits.MaxMessageSize, (uint)Limits.MaxChunkCount, endpointUrl);
        await Connection.WriteSimpleAsync(MessageTypes.Hello, hello.Encode, cancellationToken).ConfigureAwait(false);
        using var chunk = await Connection.ReadChunkAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new ServiceResultException(StatusCode.BadConnectionClosed, $"{endpointUrl} closed the connection after HEL; is it an OPC UA server?");
        var d = new BinaryDecoder(chunk.Payload, DecodingLimits);
        if (chunk.MessageType == MessageTypes.Error)
        {
            var error = ErrorMessage.Decode(ref d);
            throw new ServiceResultException(error.Error, $"Server refused the connection: {error.Reason}");
        }

        if (chunk.MessageType != MessageTypes.Acknowledge)
        {
            throw new OpcUaProtocolException(StatusCode.BadTcpMessageTypeInvalid, $"Expected ACK, got {MessageTypes.Name(chunk.MessageType)}");
        }

        var ack = AcknowledgeMessage.Decode(ref d);
        if (ack.ReceiveBufferSize < 8192 || ack.SendBufferSize < 8192)
        {
            throw new OpcUaProtocolException(StatusCode.BadTcpInternalError, $"ACK buffer sizes {ack.ReceiveBufferSize}/{ack.SendBufferSize} are below 8192");
        }

        SendChunkSize = (int)Math.Min((uint)Limits.SendBufferSize, ack.ReceiveBufferSize);
        PeerMaxMessageSize = (int)Math.Min(ack.MaxMessageSize, int.MaxValue);
        PeerMaxChunkCount = (int)Math.Min(ack.MaxChunkCount, int.MaxValue);
        // The server promises chunks no larger than its SendBufferSize, which must not exceed ours.
        Connection.MaxReceiveChunkSize = Limits.ReceiveBufferSize;
    }

    /// <summary>Sends OPN and applies the new token (deriving its keys under an RSA policy).</summary>
    private async Task OpenOrRenewAsync(SecurityTokenRequestType type, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var security = Security;
        // The token's lifetime starts when the server issues it, i.e. about now; not when we have processed the answer.
        var requestedAt = _time.GetTimestamp();
        var clientNonce = security is null ? [] : RandomNumberGenerator.GetBytes(security.Policy.NonceLength);
        var request = new OpenSecureChannelRequest
        {
            RequestHeader = new RequestHeader { Timestamp = _time.GetUtcNow().UtcDateTime, RequestHandle = NextRequestId(), TimeoutHint = (uint)timeout.TotalMilliseconds },
            RequestType = type,
            SecurityMode = security?.Mode ?? MessageSecurityMode.None,
            ClientNonce = clientNonce,
            RequestedLifetime = _requestedLifetime,
        };
        var response = await SendAsync(MessageTypes.Open, request, OpenSecureChannelResponse.EncodingId, OpenSecureChannelResponse.Decode, timeout, cancellationToken).ConfigureAwait(false);
        if (security is not null)
        {
            if (response.ServerNonce is null || response.ServerNonce.Length != security.Policy.NonceLength)
            {
                throw new ServiceResultException(StatusCode.BadNonceInvalid, $"The server's OPN nonce has {response.ServerNonce?.Length ?? 0} bytes, {security.Policy.Name} needs {security.Policy.NonceLength}");
            }

            // Keys first: the next chunk sent with this token is signed with them.
            security.AddToken(response.SecurityToken.TokenId, clientNonce, response.ServerNonce);
        }

        ApplyToken(response.SecurityToken, first: type == SecurityTokenRequestType.Issue);
        _tokenRequestedAt = requestedAt;
    }

    private void ApplyToken(ChannelSecurityToken token, bool first)
    {
        if (!first)
        {
            _previousTokenId = Token.TokenId;
            // The old token stays acceptable until its own lifetime ends (plus the 25 % grace the spec allows).
            _previousTokenValidUntil = _time.GetUtcNow().UtcDateTime.AddMilliseconds(Token.RevisedLifetime * 1.25);
        }

        ChannelId = token.ChannelId;
        SendTokenId = token.TokenId;
        Token = token;
    }

    private async Task RenewLoopAsync()
    {
        try
        {
            while (!_stopping.IsCancellationRequested)
            {
                // Renew at 75 % of the lifetime counted from the request; allow the answer until 125 %, as long as the
                // server keeps accepting the current token. A fixed 25 % budget measured after the previous renewal
                // ran out on a loaded machine with 1 s tokens (the server then refused the expired token).
                var lifetime = Math.Max(1000u, Token.RevisedLifetime);
                var wait = TimeSpan.FromMilliseconds(lifetime * 0.75) - _time.GetElapsedTime(_tokenRequestedAt);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, _time, _stopping.Token).ConfigureAwait(false);
                }

                await OpenOrRenewAsync(SecurityTokenRequestType.Renew, TimeSpan.FromMilliseconds(lifetime * 0.5), _stopping.Token).ConfigureAwait(false);
                _logger.LogDebug("Secure channel {ChannelId} renewed: token {TokenId}, lifetime {Lifetime} ms", ChannelId, Token.TokenId, Token.RevisedLifetime);
                TokenRenewed?.Invoke(Token);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Channel is closing.
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Secure channel {ChannelId} could not renew its token", ChannelId);
            Shutdown(ex);
        }
    }

    private uint NextRequestId()
    {
        var id = Interlocked.Increment(ref _nextRequestId);
        return id == 0 ? Interlocked.Increment(ref _nextRequestId) : id;
    }

    /// <summary>Sends a service request and waits for its response, decoded by <paramref name="decode"/>.</summary>
    public Task<T> SendRequestAsync<T>(IServiceRequest request, uint responseTypeId, ReadItem<T> decode, TimeSpan timeout, CancellationToken cancellationToken) =>
        SendAsync(MessageTypes.Message, request, responseTypeId, decode, timeout, cancellationToken);

    private async Task<T> SendAsync<T>(uint messageType, IServiceRequest request, uint responseTypeId, ReadItem<T> decode, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!IsOpen)
        {
            throw new ServiceResultException(StatusCode.BadSecureChannelClosed, "The connection to the server is closed");
        }

        var requestId = NextRequestId();
        var pending = new PendingRequest<T>(responseTypeId, request.GetType().Name.Replace("Request", string.Empty, StringComparison.Ordinal), decode);
        _pending[requestId] = pending;
        try
        {
            await SendMessageAsync(messageType, requestId, request, cancellationToken).ConfigureAwait(false);
            return await pending.Completion.Task.WaitAsync(timeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new ServiceResultException(StatusCode.BadTimeout, $"{pending.ServiceName} got no response within {timeout.TotalSeconds:0.#} s");
        }
        catch (IOException ex)
        {
            Shutdown(ex);
            throw new ServiceResultException(StatusCode.BadConnectionClosed, $"{pending.ServiceName} could not be sent: {ex.Message}");
        }
        finally
        {
            _pending.TryRemove(requestId, out _);
        }
    }

    private async Task ReceiveLoopAsync()
    {
        Exception? reason = null;
        try
        {
            while (!_stopping.IsCancellationRequested)
            {
                using var chunk = await Connection.ReadChunkAsync(_stopping.Token).ConfigureAwait(false);
                if (chunk is null)
                {
                    reason = new ServiceResultException(StatusCode.BadConnectionClosed, "The server closed the connection");
                    break;
                }

                if (chunk.MessageType == MessageTypes.Error)
                {
                    var d = new BinaryDecoder(chunk.Payload, DecodingLimits);
                    var error = ErrorMessage.Decode(ref d);
                    reason = new ServiceResultException(error.Error, $"The server closed the channel: {error.Reason}");
                    break;
                }

                if (chunk.MessageType is not (MessageTypes.Open or MessageTypes.Message))
                {
                    throw new OpcUaProtocolException(StatusCode.BadTcpMessageTypeInvalid, $"Unexpected {MessageTypes.Name(chunk.MessageType)} from the server");
                }

                ProcessChunk(chunk);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Closing.
        }
        catch (Exception ex) when (ex is OpcUaProtocolException or IOException or SocketException or ObjectDisposedException)
        {
            reason = ex is OpcUaProtocolException ? ex : new ServiceResultException(StatusCode.BadConnectionClosed, $"Connection lost: {ex.Message}");
            if (ex is OpcUaProtocolException)
            {
                _logger.LogWarning("Closing the channel to the server: {Reason}", ex.Message);
            }
        }
        finally
        {
            ReleaseAssemblies();
            Shutdown(reason);
        }
    }

    protected override StatusCode TooLargeStatus => StatusCode.BadRequestTooLarge;

    protected override void OnAsymmetricHeader(string? policyUri, ReadOnlySpan<byte> senderCertificate, ReadOnlySpan<byte> receiverThumbprint)
    {
        var security = Security;
        var ours = security?.Policy.Uri ?? SecurityPolicies.None;
        if (policyUri != ours)
        {
            throw new OpcUaProtocolException(StatusCode.BadSecurityPolicyRejected, $"The server answered OPN with policy '{policyUri}', we asked for {ours}");
        }

        if (security is null)
        {
            return;
        }

        // Part 6 §6.7.4: the response must be signed with the certificate the request was encrypted for.
        using var sender = ChannelSecurity.FirstCertificate(senderCertificate);
        if (!sender.RawData.AsSpan().SequenceEqual(security.Remote.RawData))
        {
            throw new OpcUaProtocolException(StatusCode.BadSecurityChecksFailed, $"The server signed OPN with certificate {sender.Thumbprint}, not with the endpoint's {security.Remote.Thumbprint}");
        }

        if (!receiverThumbprint.SequenceEqual(security.Local.Thumbprint))
        {
            throw new OpcUaProtocolException(StatusCode.BadSecurityChecksFailed, "The server encrypted OPN for a certificate that is not ours");
        }
    }

    protected override void CheckIncoming(uint messageType, uint channelId, uint tokenId)
    {
        if (messageType == MessageTypes.Open)
        {
            return;
        }

        if (channelId != ChannelId)
        {
            throw new OpcUaProtocolException(StatusCode.BadTcpSecureChannelUnknown, $"Response for channel {channelId}, ours is {ChannelId}");
        }

        if (tokenId != Token.TokenId && !(tokenId == _previousTokenId && _time.GetUtcNow().UtcDateTime < _previousTokenValidUntil))
        {
            throw new OpcUaProtocolException(StatusCode.BadSecureChannelTokenUnknown, $"Response uses token {tokenId}, current is {Token.TokenId}");
        }
    }

    protected override void OnMessage(uint messageType, uint requestId, ReadOnlySpan<byte> body)
    {
        if (!_pending.TryGetValue(requestId, out var pending))
        {
            // The caller gave up (timeout); the response has nowhere to go.
            return;
        }

        var d = new BinaryDecoder(body, DecodingLimits);
        var typeId = ReadTypeId(ref d);
        if (typeId == ServiceFault.EncodingId)
        {
            var fault = ServiceFault.Decode(ref d);
            pending.Fail(new ServiceResultException(fault.ResponseHeader.ServiceResult, $"{pending.ServiceName} failed"));
            return;
        }

        if (typeId != pending.ExpectedTypeId)
        {
            throw new OpcUaProtocolException(StatusCode.BadUnknownResponse, $"{pending.ServiceName} was answered with type {typeId}, expected {pending.ExpectedTypeId}");
        }

        pending.Complete(ref d);
    }

    protected override void OnAbort(uint requestId, StatusCode status, string? reason)
    {
        if (_pending.TryGetValue(requestId, out var pending))
        {
            pending.Fail(new ServiceResultException(status, $"{pending.ServiceName} was aborted by the server: {reason}"));
        }
    }

    private void Shutdown(Exception? reason)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        _stopping.Cancel();
        Connection.Abort();
        var failure = reason as ServiceResultException
            ?? new ServiceResultException(reason is OpcUaProtocolException p ? p.Status : StatusCode.BadSecureChannelClosed, reason?.Message ?? "The channel was closed");
        foreach (var pending in _pending.Values)
        {
            pending.Fail(failure);
        }

        Closed?.Invoke(this, reason);
    }

    /// <summary>Cuts the TCP connection without CLO (tests use it to simulate a broken network).</summary>
    public void Abort(string reason = "Connection aborted locally") => Shutdown(new ServiceResultException(StatusCode.BadConnectionClosed, reason));

    /// <summary>Sends CLO and closes the connection.</summary>
    public async Task CloseAsync()
    {
        if (IsOpen)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                var request = new CloseSecureChannelRequest { RequestHeader = new RequestHeader { Timestamp = _time.GetUtcNow().UtcDateTime, RequestHandle = NextRequestId() } };
                await SendMessageAsync(MessageTypes.Close, NextRequestId(), request, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
            {
                _logger.LogDebug("CLO could not be sent: {Reason}", ex.Message);
            }
        }

        await DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        Shutdown(null);
        await Task.WhenAll(_receiveLoop, _renewLoop).ConfigureAwait(false);
        await Connection.DisposeAsync().ConfigureAwait(false);
        Security?.Dispose();
    }
}
