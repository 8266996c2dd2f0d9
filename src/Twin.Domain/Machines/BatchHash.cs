namespace Twin.Domain.Machines;

/// <summary>
/// A stable 64-bit hash (FNV-1a over UTF-16 code units) of a batch event id. Stable across processes and
/// versions, unlike string.GetHashCode, because the hashes are persisted with the twin.
/// </summary>
public static class BatchHash
{
    private const ulong Offset = 14695981039346656037;
    private const ulong Prime = 1099511628211;

    public static long Of(string eventId)
    {
        var hash = Offset;
        foreach (var c in eventId)
        {
            hash = (hash ^ c) * Prime;
        }
        return unchecked((long)hash);
    }
}
