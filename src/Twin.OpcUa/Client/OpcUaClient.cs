using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Twin.OpcUa.Channel;
using Twin.OpcUa.Encoding;
using Twin.OpcUa.Services;

namespace Twin.OpcUa.Client;

/// <summary>
/// An OPC UA client for one server endpoint (SecurityPolicy None, Basic256Sha256, Aes128_Sha256_RsaOaep or
/// Aes256_Sha256_RsaPss; Sign or SignAndEncrypt): session, browse, read, write and
/// subscriptions. It keeps the connection alive on its own: a dead connection is detected by a
/// keep-alive timeout, the client reconnects with backoff, reactivates its session (or creates a new
/// one and transfers or recreates its subscriptions), recovers missed notifications with Republish
/// and reports what could not be recovered as a gap. Watch <see cref="ConnectionStateChanged"/>.
/// </summary>
public sealed partial class OpcUaClient : IAsyncDisposable
{
    private readonly OpcUaClientOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _establishLock = new(1, 1);
    private readonly CancellationTokenSource _lifetime = new();
    private readonly ConcurrentDictionary<uint, OpcUaSubscription> _subscriptions = new();
    private readonly Channel<DataChangeBatch> _dispatch = System.Threading.Channels.Channel.CreateUnbounded<DataChangeBatch>(new UnboundedChannelOptions { SingleReader = true });
    private readonly object _stateLock = new();
    private volatile ClientSecureChannel? _channel;
    private NodeId _authenticationToken;
    private uint _requestHandle;
    private uint _nextClientHandle;
    private long _lastReceivedTicks;
    private int _reconnecting;
    private Task _watchdog = Task.CompletedTask;
    private Task _dispatcher = Task.CompletedTask;
    private ConnectionState _state = ConnectionState.Disconnected;

    /// <summary>Creates a client; nothing is sent until <see cref="ConnectAsync"/>.</summary>
    /// <exception cref="ArgumentException">An option is invalid; the message says which.</exception>
    public OpcUaClient(OpcUaClientOptions options, ILogger<OpcUaClient>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _publishDecoder = DecodePublish;
    }

    /// <summary>Raised on every change of <see cref="State"/> (from a pool thread).</summary>
    public event EventHandler<ConnectionStateChangedEventArgs>? ConnectionStateChanged;

    /// <summary>Raised when the secure channel renews its token (diagnostics and tests).</summary>
    public event EventHandler<ChannelSecurityToken>? SecureChannelRenewed;

    /// <summary>Where the client stands.</summary>
    public ConnectionState State
    {
        get
        {
            lock (_stateLock)
            {
                return _state;
            }
        }
    }

    /// <summary>The options in force.</summary>
    public OpcUaClientOptions Options => _options;

    /// <summary>The public id of the current session (null before connecting).</summary>
    public NodeId SessionId { get; private set; }

    /// <summary>The server's endpoints as returned by CreateSession.</summary>
    public IReadOnlyList<EndpointDescription> ServerEndpoints { get; private set; } = [];

    /// <summary>The subscriptions of this client.</summary>
    public IReadOnlyCollection<OpcUaSubscription> Subscriptions => (IReadOnlyCollection<OpcUaSubscription>)_subscriptions.Values;

    /// <summary>How many times the client has re-established its connection.</summary>
    public int ReconnectCount { get; private set; }

    /// <summary>
    /// Connects, creates and activates a session. Failures are reported as
    /// <see cref="ServiceResultException"/> with a one-line explanation (unreachable host, not an
    /// OPC UA server, session rejected …); the client stays Disconnected and can be retried.
    /// </summary>
    public async Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_lifetime.IsCancellationRequested, this);
        if (State is ConnectionState.Connected or ConnectionState.Reconnecting)
        {
            return;
        }

        SetState(ConnectionState.Connecting, $"connecting to {_options.EndpointUrl}", StatusCode.Good, null);
        try
        {
            await EstablishAsync(reconnect: false, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            SetState(ConnectionState.Disconnected, ex.Message, ex is ServiceResultException s ? s.Status : StatusCode.BadNotConnected, ex);
            throw;
        }

        SetState(ConnectionState.Connected, $"session {SessionId} active", StatusCode.Good, null);
        if (_watchdog.IsCompleted)
        {
            _watchdog = Task.Run(WatchdogLoopAsync, CancellationToken.None);
            _dispatcher = Task.Run(DispatchLoopAsync, CancellationToken.None);
        }
    }

    /// <summary>Closes the session (deleting its subscriptions) and the connection; the client cannot be reused.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_lifetime.IsCancellationRequested)
        {
            return;
        }

        _lifetime.Cancel();
        var channel = _channel;
        if (channel is { IsOpen: true } && !_authenticationToken.IsNull)
        {
            try
            {
                var request = new CloseSessionRequest { RequestHeader = Header(TimeSpan.FromSeconds(2)), DeleteSubscriptions = true };
                await channel.SendRequestAsync(request, CloseSessionResponse.EncodingId, CloseSessionResponse.Decode, TimeSpan.FromSeconds(2), CancellationToken.None).ConfigureAwait(false);
            }
            catch (ServiceResultException ex)
            {
                _logger.LogDebug("CloseSession failed while disposing: {Reason}", ex.Message);
            }
        }

        if (channel is not null)
        {
            await channel.CloseAsync().ConfigureAwait(false);
        }

        _dispatch.Writer.TryComplete();
        await Task.WhenAll(_watchdog, _dispatcher).ConfigureAwait(false);
        SetState(ConnectionState.Closed, "client disposed", StatusCode.Good, null);
    }

    private void SetState(ConnectionState state, string reason, StatusCode status, Exception? error)
    {
        ConnectionState previous;
        lock (_stateLock)
        {
            previous = _state;
            if (previous == state || previous == ConnectionState.Closed)
            {
                return;
            }

            _state = state;
        }

        _logger.LogInformation("OPC UA client {Endpoint}: {Previous} -> {State} ({Reason})", _options.EndpointUrl, previous, state, reason);
        ConnectionStateChanged?.Invoke(this, new ConnectionStateChangedEventArgs(previous, state, reason, status, error));
    }

    internal RequestHeader Header(TimeSpan? timeout = null) => new()
    {
        AuthenticationToken = _authenticationToken,
        Timestamp = _time.GetUtcNow().UtcDateTime,
        RequestHandle = Interlocked.Increment(ref _requestHandle),
        TimeoutHint = (uint)(timeout ?? _options.RequestTimeout).TotalMilliseconds,
    };

    internal uint NextClientHandle() => Interlocked.Increment(ref _nextClientHandle);

    private void MarkAlive() => Interlocked.Exchange(ref _lastReceivedTicks, _time.GetTimestamp());

    /// <summary>Sends a request on the current channel and checks the service result.</summary>
    internal async Task<T> CallAsync<T>(IServiceRequest request, uint responseTypeId, ReadItem<T> decode, CancellationToken cancellationToken, TimeSpan? timeout = null)
        where T : IServiceResponse
    {
        var channel = _channel;
        if (channel is null || !channel.IsOpen)
        {
            throw new ServiceResultException(StatusCode.BadServerNotConnected,
                State == ConnectionState.Reconnecting ? "The client is reconnecting; try again shortly" : "The client is not connected; call ConnectAsync first");
        }

        var response = await channel.SendRequestAsync(request, responseTypeId, decode, timeout ?? _options.RequestTimeout, cancellationToken).ConfigureAwait(false);
        MarkAlive();
        if (response.ResponseHeader.ServiceResult.IsBad)
        {
            throw new ServiceResultException(response.ResponseHeader.ServiceResult, $"{request.GetType().Name.Replace("Request", string.Empty, StringComparison.Ordinal)} failed");
        }

        return response;
    }

    private async Task EstablishAsync(bool reconnect, CancellationToken cancellationToken)
    {
        await _establishLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ClientSecureChannel channel;
            try
            {
                var security = await PrepareSecurityAsync(cancellationToken).ConfigureAwait(false);
                channel = await ClientSecureChannel.OpenAsync(
                    _options.EndpointUrl, _options.TransportLimits, _options.DecodingLimits, (uint)_options.SecureChannelLifetime.TotalMilliseconds,
                    _options.ConnectTimeout, _logger, _time, cancellationToken, security).ConfigureAwait(false);
            }
            catch (ServiceResultException)
            {
                // The server may have a new certificate or endpoints by the next attempt.
                ForgetEndpoint();
                throw;
            }

            channel.Closed += OnChannelClosed;
            channel.TokenRenewed += token => SecureChannelRenewed?.Invoke(this, token);
            _channel = channel;
            MarkAlive();

            var sessionKept = false;
            if (reconnect && !_authenticationToken.IsNull)
            {
                try
                {
                    await ActivateSessionAsync(cancellationToken).ConfigureAwait(false);
                    sessionKept = true;
                    _logger.LogInformation("Session {SessionId} reactivated on channel {ChannelId}", SessionId, channel.ChannelId);
                }
                catch (ServiceResultException ex)
                {
                    _logger.LogInformation("Session {SessionId} could not be reactivated ({Reason}); creating a new one", SessionId, ex.Message);
                }
            }

            if (!sessionKept)
            {
                await CreateSessionAsync(cancellationToken).ConfigureAwait(false);
                await ActivateSessionAsync(cancellationToken).ConfigureAwait(false);
                if (reconnect)
                {
                    await RestoreSubscriptionsAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            StartPublishing(channel);
        }
        catch
        {
            var failed = _channel;
            if (failed is not null)
            {
                failed.Closed -= OnChannelClosed;
                await failed.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
        finally
        {
            _establishLock.Release();
        }
    }

    private async Task CreateSessionAsync(CancellationToken cancellationToken)
    {
        var credentials = SessionCredentials();
        var request = new CreateSessionRequest
        {
            RequestHeader = Header() with { AuthenticationToken = NodeId.Null },
            ClientDescription = new ApplicationDescription
            {
                ApplicationUri = _options.ApplicationUri,
                ProductUri = "urn:twin",
                ApplicationName = new LocalizedText(null, _options.ApplicationName),
                ApplicationType = ApplicationType.Client,
            },
            EndpointUrl = _options.EndpointUrl,
            SessionName = _options.SessionName,
            ClientNonce = credentials.Nonce,
            ClientCertificate = credentials.Certificate,
            RequestedSessionTimeout = _options.SessionTimeout.TotalMilliseconds,
            MaxResponseMessageSize = (uint)_options.TransportLimits.MaxMessageSize,
        };
        var response = await CallAsync(request, CreateSessionResponse.EncodingId, CreateSessionResponse.Decode, cancellationToken).ConfigureAwait(false);
        CheckCreateSession(response);
        _authenticationToken = response.AuthenticationToken;
        SessionId = response.SessionId;
        ServerEndpoints = response.ServerEndpoints;
    }

    private async Task ActivateSessionAsync(CancellationToken cancellationToken)
    {
        var request = new ActivateSessionRequest
        {
            RequestHeader = Header(),
            ClientSignature = ClientSignature(),
            UserTokenSignature = new SignatureData(),
            LocaleIds = ["en"],
            UserIdentityToken = IdentityTokenFor(_options.Identity),
        };
        try
        {
            var response = await CallAsync(request, ActivateSessionResponse.EncodingId, ActivateSessionResponse.Decode, cancellationToken).ConfigureAwait(false);
            // The next ActivateSession (after a reconnect) signs and encrypts with this nonce.
            if (response.ServerNonce is { Length: > 0 })
            {
                _lastServerNonce = response.ServerNonce;
            }
        }
        catch (ServiceResultException ex) when (ex.Status == StatusCode.BadIdentityTokenInvalid || ex.Status == StatusCode.BadIdentityTokenRejected || ex.Status == StatusCode.BadUserAccessDenied)
        {
            throw new ServiceResultException(ex.Status, $"The server rejected the session for {_options.Identity}; check the user name and password or whether anonymous access is allowed");
        }
    }

    private ExtensionObject IdentityTokenFor(UserIdentity identity)
    {
        var wanted = identity.IsAnonymous ? UserTokenType.Anonymous : UserTokenType.UserName;
        var endpoint = SessionEndpoint();
        var policy = endpoint?.UserIdentityTokens.FirstOrDefault(p => p.TokenType == wanted);
        if (policy is null && ServerEndpoints.Count > 0)
        {
            throw new ServiceResultException(StatusCode.BadIdentityTokenInvalid,
                identity.IsAnonymous
                    ? $"The server does not allow anonymous sessions on its {SecurityPolicy.Name} endpoint; configure a user name and password"
                    : $"The server offers no user-name login on its {SecurityPolicy.Name} endpoint");
        }

        return identity.IsAnonymous ? IdentityTokens.Anonymous(policy?.PolicyId ?? "anonymous") : UserNameToken(endpoint, policy, identity);
    }

    /// <summary>Cuts the TCP connection without closing the session, as a network failure would (for tests and drills).</summary>
    public void SimulateConnectionLoss() => _channel?.Abort("connection cut on request (SimulateConnectionLoss)");
}
