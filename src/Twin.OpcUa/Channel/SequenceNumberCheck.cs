using Twin.OpcUa.Encoding;

namespace Twin.OpcUa.Channel;

/// <summary>
/// Checks that received chunk sequence numbers go up by exactly one (Part 6 §6.7.2.4), allowing the
/// wrap-around to a small number after UInt32.MaxValue - 1024. A gap or replay means lost or
/// injected chunks, so the channel is closed.
/// </summary>
internal struct SequenceNumberCheck
{
    private const uint WrapThreshold = uint.MaxValue - 1024;
    private bool _started;
    private uint _last;

    public void Accept(uint sequenceNumber)
    {
        if (_started)
        {
            var expected = unchecked(_last + 1);
            var wrapped = _last > WrapThreshold && sequenceNumber < 1024;
            if (sequenceNumber != expected && !wrapped)
            {
                throw new OpcUaProtocolException(StatusCode.BadSequenceNumberInvalid, $"Chunk sequence number {sequenceNumber} follows {_last}");
            }
        }

        _started = true;
        _last = sequenceNumber;
    }

    /// <summary>The next number to send after <paramref name="current"/>, wrapping as the spec allows.</summary>
    public static uint Next(uint current) => current >= WrapThreshold ? 1 : current + 1;
}
