using System.Net;
using System.Net.Sockets;

namespace Twin.OpcUa.Tests;

/// <summary>
/// A loopback TCP proxy between client and server so tests can break the network: drop what the
/// server sends (the bytes vanish, as on a failing link) and cut every connection.
/// </summary>
internal class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private volatile int _targetPort;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Socket> _sockets = [];
    private readonly Task _acceptLoop;
    private readonly HashSet<Socket> _blackholed = [];

    public TcpProxy(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    public int Port { get; }

    public string EndpointUrl => $"opc.tcp://127.0.0.1:{Port}";

    private readonly MemoryStream _fromClients = new();
    private readonly MemoryStream _fromServers = new();

    /// <summary>Every byte the clients sent through the proxy so far (what a capture on the wire would show).</summary>
    public byte[] ClientBytes() => Copy(_fromClients);

    /// <summary>Every byte the servers sent back through the proxy so far.</summary>
    public byte[] ServerBytes() => Copy(_fromServers);

    private static byte[] Copy(MemoryStream recorded)
    {
        lock (recorded)
        {
            return recorded.ToArray();
        }
    }

    /// <summary>Sends new connections to another port (a restarted server) and cuts the old ones.</summary>
    public void Retarget(int port)
    {
        _targetPort = port;
        CutAll();
    }

    /// <summary>From now on, bytes the server sends on the current connections are discarded (new connections work).</summary>
    public void DropServerBytes()
    {
        lock (_sockets)
        {
            _blackholed.UnionWith(_sockets.Where((_, i) => i % 2 == 1));
        }
    }

    /// <summary>From now on, bytes in both directions on the current connections are discarded (a dead link).</summary>
    public void DropAllBytes()
    {
        lock (_sockets)
        {
            _blackholed.UnionWith(_sockets);
        }
    }

    /// <summary>Closes every proxied connection and forwards normally again for new ones.</summary>
    public void CutAll()
    {
        lock (_sockets)
        {
            foreach (var socket in _sockets)
            {
                socket.Close(0);
            }

            _sockets.Clear();
            _blackholed.Clear();
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var server = new Socket(SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await server.ConnectAsync(IPAddress.Loopback, _targetPort);
            }
            catch (SocketException)
            {
                // Nothing listens there (server down): the client sees a closed connection, as it would.
                server.Dispose();
                client.Close(0);
                continue;
            }

            lock (_sockets)
            {
                _sockets.Add(client);
                _sockets.Add(server);
            }

            _ = PumpAsync(client, server, fromServer: false);
            _ = PumpAsync(server, client, fromServer: true);
        }
    }

    /// <summary>Stops when the proxy is disposed.</summary>
    protected CancellationToken Stopping => _stopping.Token;

    /// <summary>Forwards one direction of a connection until either side closes; subclasses may frame and alter what passes.</summary>
    protected virtual async Task PumpAsync(Socket from, Socket to, bool fromServer)
    {
        var buffer = new byte[65536];
        try
        {
            while (true)
            {
                var n = await from.ReceiveAsync(buffer, _stopping.Token);
                if (n == 0)
                {
                    break;
                }

                if (IsBlackholed(from))
                {
                    continue;
                }

                var recorded = fromServer ? _fromServers : _fromClients;
                lock (recorded)
                {
                    recorded.Write(buffer, 0, n);
                }

                await to.SendAsync(buffer.AsMemory(0, n), _stopping.Token);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // One side went away; closing both below ends the other pump too.
        }

        from.Close(0);
        to.Close(0);
    }

    private bool IsBlackholed(Socket socket)
    {
        lock (_sockets)
        {
            return _blackholed.Contains(socket);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        _listener.Stop();
        CutAll();
        await _acceptLoop;
    }
}
