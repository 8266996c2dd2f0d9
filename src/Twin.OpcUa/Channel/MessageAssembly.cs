using System.Buffers;
using Twin.OpcUa.Encoding;

namespace Twin.OpcUa.Channel;

/// <summary>
/// Collects the bodies of the chunks of one message (all sharing a request id) until the final
/// chunk. Size and chunk count are checked before the buffer grows.
/// </summary>
internal sealed class MessageAssembly : IDisposable
{
    private byte[] _buffer;
    private int _length;

    public MessageAssembly(int initialSize)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(initialSize);
    }

    public int ChunkCount { get; private set; }

    public ReadOnlySpan<byte> Body => _buffer.AsSpan(0, _length);

    public void Append(ReadOnlySpan<byte> body, int maxMessageSize, int maxChunkCount)
    {
        if (++ChunkCount > maxChunkCount)
        {
            throw new OpcUaProtocolException(StatusCode.BadEncodingLimitsExceeded, $"Message has more than {maxChunkCount} chunks");
        }

        if ((long)_length + body.Length > maxMessageSize)
        {
            throw new OpcUaProtocolException(StatusCode.BadEncodingLimitsExceeded, $"Message is larger than {maxMessageSize} bytes");
        }

        if (_length + body.Length > _buffer.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(maxMessageSize, Math.Max(_buffer.Length * 2, _length + body.Length)));
            _buffer.AsSpan(0, _length).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }

        body.CopyTo(_buffer.AsSpan(_length));
        _length += body.Length;
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
