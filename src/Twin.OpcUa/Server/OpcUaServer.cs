using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Twin.OpcUa.Channel;
using Twin.OpcUa.Encoding;
using Twin.OpcUa.Server.Sampling;
using Twin.OpcUa.Services;
using Twin.OpcUa.Transport;

namespace Twin.OpcUa.Server;

/// <summary>
/// A small OPC UA server: endpoints with SecurityPolicy None and/or Basic256Sha256, Aes128_Sha256_RsaOaep and
/// Aes256_Sha256_RsaPss (Sign, SignAndEncrypt), anonymous (and optionally
/// user-name) sessions, an <see cref="AddressSpace"/> of folders and variables that application
/// code updates, Browse/Read/Write, subscriptions with monitored items, Publish/Republish with a
/// retransmission queue, keep-alives, and limits on connections, sessions, subscriptions and items.
/// Used by the plant simulator and by tests.
/// </summary>
public sealed partial class OpcUaServer : IAsyncDisposable
{
    private readonly OpcUaServerOptions _options;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<ServerSecureChannel, byte> _channels = new();
    private readonly ConcurrentDictionary<NodeId, SessionState> _sessionsByToken = new();
    private readonly object _publishGate = new();
    private readonly Dictionary<uint, SubscriptionState> _subscriptions = [];
    private readonly CancellationTokenSource _stopping = new();
    private TcpListener? _listener;
    private readonly HandshakeGuard _handshakes;
    private long _evictedHandshakes;
    private long _lastEvictionWarning = long.MinValue / 2;
    private Task _acceptLoop = Task.CompletedTask;
    private Task _maintenance = Task.CompletedTask;
    private int _nextChannelId;
    private int _nextSubscriptionId;
    private int _nextMonitoredItemId;

    /// <summary>Creates a server; call <see cref="StartAsync"/> to listen.</summary>
    /// <exception cref="ArgumentException">An option is invalid; the message says which.</exception>
    public OpcUaServer(OpcUaServerOptions options, ILogger<OpcUaServer>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _handshakes = new HandshakeGuard(options.MaxPendingHandshakes, options.MaxPendingHandshakesPerAddress, options.HandshakeTimeout);
        AddressSpace = new AddressSpace(options.ApplicationNamespace);
    }

    /// <summary>The nodes this server exposes; add folders and variables before or after starting.</summary>
    public AddressSpace AddressSpace { get; }

    /// <summary>The options in force.</summary>
    public OpcUaServerOptions Options => _options;

    /// <summary>The port actually listened on (after <see cref="StartAsync"/>).</summary>
    public int Port { get; private set; }

    /// <summary>The endpoint URL clients use, e.g. <c>opc.tcp://localhost:4840</c>.</summary>
    public string EndpointUrl => $"opc.tcp://{_options.HostName}:{Port}{_options.EndpointPath}";

    /// <summary>Open connections.</summary>
    public int ConnectionCount => _channels.Count;

    /// <summary>Sessions (activated or not).</summary>
    public int SessionCount => _sessionsByToken.Count;

    /// <summary>Subscriptions across all sessions.</summary>
    public int SubscriptionCount
    {
        get
        {
            lock (_publishGate)
            {
                return _subscriptions.Count;
            }
        }
    }

    /// <summary>Starts listening.</summary>
    /// <exception cref="SocketException">The port is taken or the address is not available.</exception>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        LoadSecurity();
        var address = IPAddress.Parse(_options.ListenAddress);
        _listener = new TcpListener(address, _options.Port);
        _listener.Start(backlog: 64);
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = Task.Run(AcceptLoopAsync, CancellationToken.None);
        _maintenance = Task.Run(MaintenanceLoopAsync, CancellationToken.None);
        _logger.LogInformation("OPC UA server listening on {EndpointUrl}", EndpointUrl);
        return Task.CompletedTask;
    }

    /// <summary>Stops listening, closes all connections and ends all sessions.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        _stopping.Cancel();
        _listener?.Stop();
        DropAllConnections();
        lock (_publishGate)
        {
            foreach (var subscription in _subscriptions.Values.ToList())
            {
                RemoveSubscription(subscription);
            }
        }

        await Task.WhenAll(_acceptLoop, _maintenance).ConfigureAwait(false);
    }

    /// <summary>
    /// Cuts every TCP connection without ending sessions, as a network failure would. Sessions and
    /// subscriptions live on (until their timeouts), so clients can reactivate and Republish.
    /// </summary>
    public void DropAllConnections()
    {
        foreach (var channel in _channels.Keys)
        {
            channel.Close();
        }
    }

    private async Task AcceptLoopAsync()
    {
        var settings = new ServerChannelSettings(_options.TransportLimits, _options.DecodingLimits, _options.HandshakeTimeout,
            _options.MinTokenLifetime, _options.MaxTokenLifetime, () => (uint)Interlocked.Increment(ref _nextChannelId), _channelSecurity);
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener!.AcceptSocketAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException && _stopping.IsCancellationRequested)
            {
                return;
            }

            socket.NoDelay = true;
            var connection = new UaTcpConnection(new NetworkStream(socket, ownsSocket: true), socket);
            // Connections still in their handshake have their own bound (HandshakeGuard), so a flood of them
            // cannot use up the established connections' room.
            if (_channels.Count - _handshakes.Count >= _options.MaxConnections)
            {
                _logger.LogWarning("Refusing a connection: {Max} connections open", _options.MaxConnections);
                await RefuseAsync(connection).ConfigureAwait(false);
                continue;
            }

            var channel = new ServerSecureChannel(connection, settings, HandleRequest, _logger);
            _channels[channel] = 0;
            channel.Closed += OnChannelClosed;
            channel.Opened += _handshakes.Forget;
            var remote = (socket.RemoteEndPoint as IPEndPoint)?.Address ?? IPAddress.None;
            var evicted = _handshakes.Admit(channel, remote, Environment.TickCount64);
            if (evicted.Count > 0)
            {
                NoteEvicted(evicted.Count, remote);
                evicted.ForEach(c => c.Close());
            }

            _ = Task.Run(() => channel.RunAsync(_stopping.Token), CancellationToken.None);
        }
    }

    private static async Task RefuseAsync(UaTcpConnection connection)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            var error = new ErrorMessage(StatusCode.BadTcpNotEnoughResources, "Too many connections");
            await connection.WriteSimpleAsync(MessageTypes.Error, error.Encode, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
        {
            // The refused client went away first; nothing to tell it.
        }

        await connection.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>One warning per minute at most: a flood would otherwise write a line per socket.</summary>
    private void NoteEvicted(int count, IPAddress remote)
    {
        var total = Interlocked.Add(ref _evictedHandshakes, count);
        var now = Environment.TickCount64;
        var last = Interlocked.Read(ref _lastEvictionWarning);
        if (now - last >= 60_000 && Interlocked.CompareExchange(ref _lastEvictionWarning, now, last) == last)
        {
            _logger.LogWarning("Connections that do not finish their handshake are piling up (latest from {Remote}); closed the oldest waiting ones ({Total} so far)",
                remote, total);
        }
    }

    private void OnChannelClosed(ServerSecureChannel channel)
    {
        _handshakes.Forget(channel);
        _channels.TryRemove(channel, out _);
        lock (_publishGate)
        {
            foreach (var session in _sessionsByToken.Values)
            {
                if (session.PublishRequests.Count > 0)
                {
                    var keep = session.PublishRequests.Where(p => !ReferenceEquals(p.Channel, channel)).ToList();
                    session.PublishRequests.Clear();
                    keep.ForEach(session.PublishRequests.Enqueue);
                }
            }
        }
    }

    /// <summary>Ends sessions whose timeout passed without requests.</summary>
    private async Task MaintenanceLoopAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token).ConfigureAwait(false))
            {
                var now = Environment.TickCount64;
                foreach (var silent in _handshakes.Expired(now))
                {
                    _logger.LogDebug("Closing a connection that did not finish its handshake within {Timeout}", _options.HandshakeTimeout);
                    silent.Close();
                }

                foreach (var session in _sessionsByToken.Values)
                {
                    if (session.IsExpired(now))
                    {
                        // Its subscriptions live on until their own lifetime ends, so a client that comes
                        // back with a new session can still take them over with TransferSubscriptions.
                        _logger.LogInformation("Session {SessionId} timed out", session.SessionId);
                        CloseSession(session, deleteSubscriptions: false);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Server stopping.
        }
    }

    /// <summary>Entry point for every decoded request (runs on the channel's receive loop).</summary>
    private void HandleRequest(ServerSecureChannel channel, uint requestId, IServiceRequest request)
    {
        IServiceResponse? response;
        try
        {
            response = request switch
            {
                GetEndpointsRequest r => GetEndpoints(r),
                CreateSessionRequest r => CreateSession(channel, r),
                ActivateSessionRequest r => ActivateSession(channel, r),
                _ => HandleSessionRequest(channel, requestId, request),
            };
        }
        catch (ServiceResultException ex)
        {
            response = new ServiceFault { ResponseHeader = ResponseHeader.For(request.RequestHeader, ex.Status) };
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A defect in a service handler must fail that one request, not the connection or the server.
            _logger.LogError(ex, "{Service} failed inside the server", request.GetType().Name);
            response = new ServiceFault { ResponseHeader = ResponseHeader.For(request.RequestHeader, StatusCode.BadInternalError) };
        }

        if (response is not null)
        {
            channel.SendResponse(requestId, response);
        }
    }

    private IServiceResponse? HandleSessionRequest(ServerSecureChannel channel, uint requestId, IServiceRequest request)
    {
        var session = FindSession(channel, request.RequestHeader);
        return request switch
        {
            CloseSessionRequest r => CloseSession(session, r),
            BrowseRequest r => Browse(session, r),
            BrowseNextRequest r => BrowseNext(session, r),
            ReadRequest r => Read(r),
            WriteRequest r => Write(r),
            CreateSubscriptionRequest r => CreateSubscription(session, r),
            ModifySubscriptionRequest r => ModifySubscription(session, r),
            DeleteSubscriptionsRequest r => DeleteSubscriptions(session, r),
            CreateMonitoredItemsRequest r => CreateMonitoredItems(session, r),
            DeleteMonitoredItemsRequest r => DeleteMonitoredItems(session, r),
            PublishRequest r => Publish(session, channel, requestId, r),
            RepublishRequest r => Republish(session, r),
            TransferSubscriptionsRequest r => TransferSubscriptions(session, r),
            _ => throw new ServiceResultException(StatusCode.BadServiceUnsupported, request.GetType().Name),
        };
    }

    private SessionState FindSession(ServerSecureChannel channel, RequestHeader header)
    {
        if (!_sessionsByToken.TryGetValue(header.AuthenticationToken, out var session) || session.Closed)
        {
            throw new ServiceResultException(StatusCode.BadSessionIdInvalid, "Unknown session");
        }

        if (!session.Activated)
        {
            throw new ServiceResultException(StatusCode.BadSessionNotActivated, "Session not activated");
        }

        if (!ReferenceEquals(session.Channel, channel))
        {
            throw new ServiceResultException(StatusCode.BadSecureChannelIdInvalid, "Session is bound to another channel; call ActivateSession");
        }

        session.Touch();
        return session;
    }

    private void CheckOperationCount(int count)
    {
        if (count == 0)
        {
            throw new ServiceResultException(StatusCode.BadNothingToDo, "No operations");
        }

        if (count > _options.MaxOperationsPerRequest)
        {
            throw new ServiceResultException(StatusCode.BadTooManyOperations, $"More than {_options.MaxOperationsPerRequest} operations");
        }
    }
}
