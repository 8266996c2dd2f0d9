using System.Buffers.Binary;
using System.Net.Sockets;

namespace Twin.OpcUa.Tests;

/// <summary>How the proxy damages one chunk.</summary>
internal enum ChunkMutation
{
    /// <summary>One bit flipped after the chunk header (sequence header, body, padding or signature).</summary>
    FlipBodyBit,
    /// <summary>One bit flipped in the channel id or token id.</summary>
    FlipSecurityHeaderBit,
    /// <summary>The chunk cut short, its size field fixed so the stream stays framed.</summary>
    Truncate,
    /// <summary>Random bytes inserted, size field fixed.</summary>
    Insert,
    /// <summary>Everything after the header replaced by random bytes of the same length.</summary>
    Garbage,
    /// <summary>The size field claims 1 or 2 GB: must be refused from the header, before allocating.</summary>
    HostileSize,
    /// <summary>The message type changed to one that does not exist.</summary>
    WrongType,
}

/// <summary>
/// A loopback proxy that forwards whole UA TCP chunks between one client and a server and, when armed,
/// damages the next MSG chunk in one direction — after the secure channel is open, so what is fuzzed is
/// the signed (and encrypted) traffic, not the handshake.
/// </summary>
internal sealed class ChunkMutatingProxy(int targetPort) : TcpProxy(targetPort)
{
    private readonly object _gate = new();
    private (bool FromServer, ChunkMutation Kind, Random Random, TaskCompletionSource Done)? _armed;

    /// <summary>Damages the next MSG chunk sent by the server (or the client); the task completes once it went out.</summary>
    public Task Arm(bool fromServer, ChunkMutation kind, Random random)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _armed = (fromServer, kind, random, done);
        }

        return done.Task;
    }

    protected override async Task PumpAsync(Socket from, Socket to, bool fromServer)
    {
        var header = new byte[8];
        try
        {
            while (true)
            {
                if (!await ReadExactlyAsync(from, header))
                {
                    break;
                }

                var size = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(4));
                if (size < 8 || size > 16 << 20)
                {
                    // Not a chunk we can frame (the peer is sending garbage itself): pass the header on and stop framing.
                    await to.SendAsync(header, Stopping);
                    break;
                }

                var chunk = new byte[size];
                header.CopyTo(chunk, 0);
                if (!await ReadExactlyAsync(from, chunk.AsMemory(8)))
                {
                    break;
                }

                await to.SendAsync(MutateIfArmed(chunk, fromServer), Stopping);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // One side went away; closing both below ends the other pump too.
        }

        from.Close(0);
        to.Close(0);
    }

    private byte[] MutateIfArmed(byte[] chunk, bool fromServer)
    {
        (bool FromServer, ChunkMutation Kind, Random Random, TaskCompletionSource Done) armed;
        lock (_gate)
        {
            if (_armed is not { } a || a.FromServer != fromServer || chunk.Length < 32 || chunk[0] != (byte)'M' || chunk[1] != (byte)'S' || chunk[2] != (byte)'G')
            {
                return chunk;
            }

            armed = a;
            _armed = null;
        }

        var mutated = Mutate(chunk, armed.Kind, armed.Random);
        armed.Done.TrySetResult();
        return mutated;
    }

    private static byte[] Mutate(byte[] chunk, ChunkMutation kind, Random random)
    {
        var bytes = (byte[])chunk.Clone();
        switch (kind)
        {
            case ChunkMutation.FlipBodyBit:
                bytes[random.Next(16, bytes.Length)] ^= (byte)(1 << random.Next(8));
                return bytes;
            case ChunkMutation.FlipSecurityHeaderBit:
                bytes[random.Next(8, 16)] ^= (byte)(1 << random.Next(8));
                return bytes;
            case ChunkMutation.Truncate:
                bytes = bytes[..random.Next(16, bytes.Length - 1)];
                return WithSize(bytes);
            case ChunkMutation.Insert:
                var at = random.Next(16, bytes.Length);
                var extra = new byte[random.Next(1, 40)];
                random.NextBytes(extra);
                return WithSize([.. bytes[..at], .. extra, .. bytes[at..]]);
            case ChunkMutation.Garbage:
                random.NextBytes(bytes.AsSpan(16));
                return bytes;
            case ChunkMutation.HostileSize:
                BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), random.Next(2) == 0 ? int.MaxValue - 15 : 1 << 30);
                return bytes;
            default:
                bytes[2] = (byte)'X';
                return bytes;
        }
    }

    private static byte[] WithSize(byte[] bytes)
    {
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), bytes.Length);
        return bytes;
    }

    private async Task<bool> ReadExactlyAsync(Socket socket, Memory<byte> buffer)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await socket.ReceiveAsync(buffer[read..], Stopping);
            if (n == 0)
            {
                return false;
            }

            read += n;
        }

        return true;
    }
}
