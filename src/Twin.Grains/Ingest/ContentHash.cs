using Twin.Domain.Machines;
using Twin.OpcUa.Encoding;

namespace Twin.Grains.Ingest;

/// <summary>
/// 64-bit FNV-1a over the parts of a machine batch that make it what it is (connection, machine, and per value:
/// tag, source time, value bits, status). Stable across processes and restarts, so a republished or resent
/// message yields the same event id and the twin recognises it.
/// </summary>
internal static class ContentHash
{
    private const ulong Prime = 1099511628211;

    /// <summary>The same FNV-1a as the twin's batch memory (<see cref="BatchHash"/>), over a text.</summary>
    public static long Of(string text) => BatchHash.Of(text);

    public static long Start(long connectionHash, int machineIndex) => Mix(connectionHash, machineIndex);

    public static long Add(long hash, int tagIndex, long sourceTicks, DataValue value)
    {
        hash = Mix(hash, tagIndex);
        hash = Mix(hash, sourceTicks);
        hash = Mix(hash, value.StatusCode.Code);
        var v = value.Value;
        if (v.TryGetDouble(out var number))
        {
            return Mix(hash, BitConverter.DoubleToInt64Bits(number));
        }
        // Text and other values (rare on the hot path): their text, as the previous ids did.
        return Mix(hash, v.IsNull ? 0 : Of(v.Value?.ToString() ?? ""));
    }

    private static long Mix(long hash, long value)
    {
        var h = unchecked((ulong)hash);
        var x = unchecked((ulong)value);
        for (var i = 0; i < 8; i++)
        {
            h = (h ^ (x & 0xFF)) * Prime;
            x >>= 8;
        }
        return unchecked((long)h);
    }
}
