using System.Net;
using Twin.OpcUa.Channel;

namespace Twin.OpcUa.Server;

/// <summary>
/// Keeps connections that have not finished their handshake (HEL + first OPN) from locking real clients out.
/// They are bounded in total and per remote address; when a bound is reached the OLDEST waiting connection is
/// closed to make room, never the new one — a flood of half-open sockets then only churns through its own slots,
/// while a real client (whose handshake takes milliseconds) gets in. Connections that stay silent past the
/// handshake timeout are closed by <see cref="Expired"/>. Established connections are not counted here.
/// </summary>
internal sealed class HandshakeGuard(int maxPending, int maxPendingPerAddress, TimeSpan timeout)
{
    private readonly LinkedList<Pending> _byArrival = new();
    private readonly Dictionary<ServerSecureChannel, LinkedListNode<Pending>> _nodes = [];
    private readonly Dictionary<IPAddress, int> _perAddress = [];

    /// <summary>Connections still in their handshake.</summary>
    public int Count
    {
        get
        {
            lock (_byArrival)
            {
                return _nodes.Count;
            }
        }
    }

    /// <summary>Registers a new connection; returns the waiting connections to close to make room for it.</summary>
    public List<ServerSecureChannel> Admit(ServerSecureChannel channel, IPAddress remote, long nowMs)
    {
        var evicted = new List<ServerSecureChannel>();
        lock (_byArrival)
        {
            if (_perAddress.GetValueOrDefault(remote) >= maxPendingPerAddress)
            {
                Evict(_byArrival.First(p => p.Remote.Equals(remote)), evicted);
            }

            if (_nodes.Count >= maxPending)
            {
                Evict(_byArrival.First!.Value, evicted);
            }

            _nodes[channel] = _byArrival.AddLast(new Pending(channel, remote, nowMs));
            _perAddress[remote] = _perAddress.GetValueOrDefault(remote) + 1;
        }

        return evicted;
    }

    /// <summary>The connection finished its handshake or closed: it no longer counts.</summary>
    public void Forget(ServerSecureChannel channel)
    {
        lock (_byArrival)
        {
            if (_nodes.TryGetValue(channel, out var node))
            {
                Remove(node);
            }
        }
    }

    /// <summary>Waiting connections older than the handshake timeout (removed from the guard; the caller closes them).</summary>
    public List<ServerSecureChannel> Expired(long nowMs)
    {
        var expired = new List<ServerSecureChannel>();
        lock (_byArrival)
        {
            while (_byArrival.First is { } first && TimeSpan.FromMilliseconds(nowMs - first.Value.SinceMs) >= timeout)
            {
                Evict(first.Value, expired);
            }
        }

        return expired;
    }

    private void Evict(Pending pending, List<ServerSecureChannel> into)
    {
        Remove(_nodes[pending.Channel]);
        into.Add(pending.Channel);
    }

    private void Remove(LinkedListNode<Pending> node)
    {
        _byArrival.Remove(node);
        _nodes.Remove(node.Value.Channel);
        var left = _perAddress[node.Value.Remote] - 1;
        if (left == 0)
        {
            _perAddress.Remove(node.Value.Remote);
        }
        else
        {
            _perAddress[node.Value.Remote] = left;
        }
    }

    private sealed record Pending(ServerSecureChannel Channel, IPAddress Remote, long SinceMs);
}
