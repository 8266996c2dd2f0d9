using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Twin.Interop.Tests.Network;

/// <summary>
/// A loopback TCP proxy between an OPC UA client and server that a test can use to break the
/// network under them: <see cref="CutAll"/> resets every connection (a pulled cable or a firewall
/// timing out), and <see cref="DropServerToClient"/> swallows whole UA TCP messages from the server
/// while the server believes they were delivered — exactly the notifications a client must then
/// recover with Republish.
/// </summary>
internal sealed class TcpCutProxy : IAsyncDisposable
{
    private const int HeaderSize = 8;
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly ConcurrentDictionary<int, Link> _links = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _acceptLoop;
    private readonly object _waitersLock = new();
    private readonly List<(int Count, TaskCompletionSource Signal)> _connectionWaiters = [];
    private int _connectionsAccepted;
    private int _droppedMessages;
    private int _droppedPublishResponses;
    private readonly ConcurrentQueue<uint> _droppedDataSequenceNumbers = new();
    private volatile bool _dropServerToClient;
    private volatile bool _refuseConnections;
    private int _tamperClientMessage;
    private int _tamperServerMessage;

    public TcpCutProxy(int targetPort)
    {
        _target = new IPEndPoint(IPAddress.Loopback, targetPort);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>The loopback port clients connect to.</summary>
    public int Port { get; }

    public int ConnectionsAccepted => Volatile.Read(ref _connectionsAccepted);

    /// <summary>UA TCP messages from the server that were swallowed.</summary>
    public int DroppedMessages => Volatile.Read(ref _droppedMessages);

    /// <summary>PublishResponses from the server that were swallowed.</summary>
    public int DroppedPublishResponses => Volatile.Read(ref _droppedPublishResponses);

    /// <summary>Sequence numbers of swallowed PublishResponses that carried notifications (not keep-alives).</summary>
    public IReadOnlyCollection<uint> DroppedDataSequenceNumbers => _droppedDataSequenceNumbers.ToArray();

    /// <summary>While true, whole messages from the server are read and thrown away instead of forwarded.</summary>
    public bool DropServerToClient
    {
        get => _dropServerToClient;
        set => _dropServerToClient = value;
    }

    /// <summary>While true, new connections are reset at once (a network outage: the server is out of reach).</summary>
    public bool RefuseConnections
    {
        get => _refuseConnections;
        set => _refuseConnections = value;
    }

    /// <summary>Flips one bit in the last byte of the client's next MSG chunk (its signature, or ciphertext under encryption).</summary>
    public void TamperNextClientMessage() => Volatile.Write(ref _tamperClientMessage, 1);

    /// <summary>Flips one bit in the last byte of the server's next MSG chunk.</summary>
    public void TamperNextServerMessage() => Volatile.Write(ref _tamperServerMessage, 1);

    private static bool IsMsg(ReadOnlySpan<byte> chunk) => chunk.Length > 64 && chunk[0] == (byte)'M' && chunk[1] == (byte)'S' && chunk[2] == (byte)'G';

    private readonly MemoryStream _fromClients = new();

    /// <summary>Every byte clients sent through the proxy so far: what a loopback capture would show.</summary>
    public byte[] ClientBytes()
    {
        lock (_fromClients)
        {
            return _fromClients.ToArray();
        }
    }

    /// <summary>Rewrites an endpoint URL so that it goes through this proxy.</summary>
    public string Rewrite(string endpointUrl)
    {
        var uri = new UriBuilder(endpointUrl) { Host = "127.0.0.1", Port = Port };
        return uri.Uri.ToString().TrimEnd('/');
    }

    /// <summary>Resets every live connection (TCP RST on both sides).</summary>
    public void CutAll()
    {
        foreach (var (id, link) in _links)
        {
            link.Reset();
            _links.TryRemove(id, out _);
        }
    }

    /// <summary>Completes once at least <paramref name="count"/> connections were accepted in total.</summary>
    public Task WaitForConnectionsAsync(int count, TimeSpan timeout)
    {
        lock (_waitersLock)
        {
            if (_connectionsAccepted >= count)
            {
                return Task.CompletedTask;
            }

            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _connectionWaiters.Add((count, signal));
            return WithMessage(signal.Task);
        }

        async Task WithMessage(Task task)
        {
            try
            {
                await task.WaitAsync(timeout);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"Proxy on port {Port}: expected {count} connections within {timeout.TotalSeconds} s, saw {ConnectionsAccepted}.");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        _listener.Stop();
        CutAll();
        await _acceptLoop;
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        var nextId = 0;
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return; // disposed
            }
            catch (SocketException) when (_stopping.IsCancellationRequested)
            {
                return; // listener stopped under the accept
            }

            if (_refuseConnections)
            {
                client.Close(0);
                continue;
            }

            var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            client.NoDelay = true;
            try
            {
                await server.ConnectAsync(_target, _stopping.Token);
            }
            catch (SocketException)
            {
                // The server is down: the client sees its connection refused, as it would directly.
                client.Close(0);
                server.Dispose();
                continue;
            }

            var link = new Link(client, server);
            var id = nextId++;
            _links[id] = link;
            _ = PumpAsync(link, id, client, server, frames: false);
            _ = PumpAsync(link, id, server, client, frames: true);
            OnAccepted();
        }
    }

    private void OnAccepted()
    {
        lock (_waitersLock)
        {
            _connectionsAccepted++;
            foreach (var waiter in _connectionWaiters.Where(w => w.Count <= _connectionsAccepted).ToList())
            {
                waiter.Signal.TrySetResult();
                _connectionWaiters.Remove(waiter);
            }
        }
    }

    private async Task PumpAsync(Link link, int id, Socket from, Socket to, bool frames)
    {
        try
        {
            if (frames)
            {
                await PumpFramesAsync(from, to);
            }
            else
            {
                var buffer = new byte[64 * 1024];
                int read;
                while ((read = await from.ReceiveAsync(buffer, SocketFlags.None)) > 0)
                {
                    lock (_fromClients)
                    {
                        _fromClients.Write(buffer, 0, read);
                    }

                    // Loopback reads start at a chunk boundary in practice; the last byte read belongs to a signed chunk.
                    if (IsMsg(buffer.AsSpan(0, read)) && Interlocked.Exchange(ref _tamperClientMessage, 0) == 1)
                    {
                        buffer[read - 1] ^= 0x01;
                    }

                    await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None);
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or IOException)
        {
            // A cut (ours or a peer's close) ends the pump; the link is torn down below.
        }

        link.Reset();
        _links.TryRemove(id, out _);
    }

    /// <summary>Forwards server-to-client traffic one UA TCP message at a time, so it can drop whole messages.</summary>
    private async Task PumpFramesAsync(Socket from, Socket to)
    {
        var header = new byte[HeaderSize];
        var firstChunkOfMessage = true;
        while (await ReadExactlyAsync(from, header))
        {
            var size = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(4));
            if (size < HeaderSize || size > 64 * 1024 * 1024)
            {
                throw new IOException($"Proxy: implausible UA TCP message size {size}.");
            }

            var frame = new byte[size];
            header.CopyTo(frame, 0);
            if (!await ReadExactlyAsync(from, frame.AsMemory(HeaderSize)))
            {
                return;
            }

            var isMsg = frame[0] == (byte)'M' && frame[1] == (byte)'S' && frame[2] == (byte)'G';
            var isFirstChunk = firstChunkOfMessage;
            firstChunkOfMessage = frame[3] != (byte)'C';
            if (_dropServerToClient)
            {
                if (frame[3] != (byte)'C')
                {
                    Interlocked.Increment(ref _droppedMessages);
                }

                if (isMsg && isFirstChunk && PublishResponsePeek.IsPublishResponse(frame))
                {
                    Interlocked.Increment(ref _droppedPublishResponses);
                    if (PublishResponsePeek.TryPeek(frame) is { NotificationDataCount: > 0 } peeked)
                    {
                        _droppedDataSequenceNumbers.Enqueue(peeked.SequenceNumber);
                    }
                }

                continue;
            }

            if (IsMsg(frame) && Interlocked.Exchange(ref _tamperServerMessage, 0) == 1)
            {
                frame[^1] ^= 0x01;
            }

            await to.SendAsync(frame, SocketFlags.None);
        }
    }

    private static async Task<bool> ReadExactlyAsync(Socket socket, Memory<byte> buffer)
    {
        var filled = 0;
        while (filled < buffer.Length)
        {
            var read = await socket.ReceiveAsync(buffer[filled..], SocketFlags.None);
            if (read == 0)
            {
                return false;
            }

            filled += read;
        }

        return true;
    }

    /// <summary>One client connection and its connection to the server.</summary>
    private sealed class Link(Socket client, Socket server)
    {
        private int _reset;

        public void Reset()
        {
            if (Interlocked.Exchange(ref _reset, 1) == 1)
            {
                return;
            }

            // Close(0) = linger 0: the peers see a reset, as after a pulled cable, not a polite FIN.
            client.Close(0);
            server.Close(0);
        }
    }
}
