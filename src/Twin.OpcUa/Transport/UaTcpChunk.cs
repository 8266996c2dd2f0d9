using System.Buffers;
using System.Buffers.Binary;

namespace Twin.OpcUa.Transport;

/// <summary>One received chunk in a pooled buffer (header included). Dispose returns the buffer.</summary>
internal sealed class UaTcpChunk : IDisposable
{
    private byte[]? _buffer;

    public UaTcpChunk(uint messageType, byte chunkType, byte[] buffer, int length)
    {
        MessageType = messageType;
        ChunkType = chunkType;
        _buffer = buffer;
        Length = length;
    }

    public uint MessageType { get; }
    public byte ChunkType { get; }
    public int Length { get; private set; }

    /// <summary>The whole chunk, writable: secured channels decrypt in place.</summary>
    internal Span<byte> Writable => _buffer.AsSpan(0, Length);

    /// <summary>Drops padding and signature after they were checked, so <see cref="Payload"/> ends with the body.</summary>
    internal void Truncate(int length)
    {
        if (length < MessageTypes.HeaderSize || length > Length)
        {
            throw new ArgumentOutOfRangeException(nameof(length));
        }

        Length = length;
    }

    /// <summary>The whole chunk including the 8-byte header.</summary>
    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, Length);

    /// <summary>The bytes after the 8-byte header.</summary>
    public ReadOnlySpan<byte> Payload => _buffer.AsSpan(MessageTypes.HeaderSize, Length - MessageTypes.HeaderSize);

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public static void WriteHeader(Span<byte> target, uint messageType, byte chunkType, int size)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(target, messageType | ((uint)chunkType << 24));
        BinaryPrimitives.WriteInt32LittleEndian(target[4..], size);
    }
}
