using System.Buffers;
using System.Buffers.Binary;
using System.Net.Sockets;
using Twin.OpcUa.Encoding;

namespace Twin.OpcUa.Transport;

/// <summary>
/// Reads and writes UA TCP chunks on a stream. Reads are done by one loop; writes are serialized
/// by a lock so chunks of different messages never interleave mid-chunk and sequence numbers
/// assigned under the lock appear on the wire in order.
/// </summary>
internal sealed class UaTcpConnection : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly Socket? _socket;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly byte[] _header = new byte[MessageTypes.HeaderSize];
    private int _disposed;

    public UaTcpConnection(Stream stream, Socket? socket = null)
    {
        _stream = stream;
        _socket = socket;
    }

    /// <summary>Largest chunk accepted; set from the negotiation (before it: 64 KiB for HEL/ACK/ERR).</summary>
    public int MaxReceiveChunkSize { get; set; } = 65536;

    public SemaphoreSlim WriteLock => _writeLock;

    /// <summary>Reads the next chunk; null at a clean end of stream.</summary>
    public async ValueTask<UaTcpChunk?> ReadChunkAsync(CancellationToken cancellationToken)
    {
        if (!await ReadExactlyOrEndAsync(_header, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var word = BinaryPrimitives.ReadUInt32LittleEndian(_header);
        var messageType = word & 0x00FFFFFF;
        var chunkType = (byte)(word >> 24);
        var size = BinaryPrimitives.ReadInt32LittleEndian(_header.AsSpan(4));
        if (chunkType is not (MessageTypes.Final or MessageTypes.Intermediate or MessageTypes.Abort))
        {
            throw new OpcUaProtocolException(StatusCode.BadTcpMessageTypeInvalid, $"Chunk type 0x{chunkType:X2} is not F, C or A");
        }

        if (size < MessageTypes.HeaderSize || size > MaxReceiveChunkSize)
        {
            throw new OpcUaProtocolException(StatusCode.BadTcpMessageTooLarge, $"Chunk size {size} is outside 8..{MaxReceiveChunkSize}");
        }

        var buffer = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            _header.CopyTo(buffer, 0);
            await _stream.ReadExactlyAsync(buffer.AsMemory(MessageTypes.HeaderSize, size - MessageTypes.HeaderSize), cancellationToken).ConfigureAwait(false);
            return new UaTcpChunk(messageType, chunkType, buffer, size);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    private async ValueTask<bool> ReadExactlyOrEndAsync(byte[] target, CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < target.Length)
        {
            var n = await _stream.ReadAsync(target.AsMemory(read), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                if (read == 0)
                {
                    return false;
                }

                throw new EndOfStreamException("Connection closed in the middle of a chunk header");
            }

            read += n;
        }

        return true;
    }

    /// <summary>Writes bytes while the caller holds <see cref="WriteLock"/>.</summary>
    public ValueTask WriteLockedAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken) =>
        _stream.WriteAsync(bytes, cancellationToken);

    /// <summary>Writes one complete HEL/ACK/ERR message.</summary>
    public async Task WriteSimpleAsync(uint messageType, Action<BinaryEncoder> writeBody, CancellationToken cancellationToken)
    {
        using var e = new BinaryEncoder(256);
        e.WriteUInt32(0);
        e.WriteUInt32(0);
        writeBody(e);
        var bytes = e.WrittenMemory;
        var array = e.ToArray();
        UaTcpChunk.WriteHeader(array, messageType, MessageTypes.Final, bytes.Length);
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _stream.WriteAsync(array, cancellationToken).ConfigureAwait(false);
            await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Cuts the connection at once (used by tests and when the peer broke the protocol).</summary>
    public void Abort()
    {
        try
        {
            _socket?.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Already gone: nothing to shut down.
        }
        catch (ObjectDisposedException)
        {
            // Already disposed by the other side of the race.
        }

        _socket?.Close(0);
        _stream.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Abort();
        await ValueTask.CompletedTask.ConfigureAwait(false);
    }
}
