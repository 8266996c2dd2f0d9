namespace Twin.Api.Feeds;

/// <summary>
/// The last <c>capacity</c> items of a sequence, each under its sequence number (1, 2, 3, ...): appending costs
/// the same whatever the length, and a reader asks for what follows a number it saw. Not thread-safe: the plant
/// feed holds its lock around every call.
/// </summary>
internal sealed class FeedRing<T>(int capacity) where T : class
{
    private readonly T[] _items = new T[capacity];

    /// <summary>Most items held.</summary>
    public int Capacity => _items.Length;

    /// <summary>The number of the newest item; 0 before the first.</summary>
    public long Newest { get; private set; }

    /// <summary>The number of the oldest item still held (Newest + 1 while empty).</summary>
    public long Oldest => Math.Max(1, Newest - _items.Length + 1);

    /// <summary>Appends <paramref name="item"/> as number Newest + 1 and returns the item it pushed out, if any.</summary>
    public T? Append(T item)
    {
        Newest++;
        var slot = (int)((Newest - 1) % _items.Length);
        var evicted = _items[slot];
        _items[slot] = item;
        return evicted;
    }

    /// <summary>True when every item after <paramref name="after"/> is still held (or none came yet).</summary>
    public bool Holds(long after) => after + 1 >= Oldest && after <= Newest;

    /// <summary>
    /// Adds to <paramref name="into"/> the items numbered after <paramref name="after"/> up to <paramref name="upTo"/>,
    /// at most <paramref name="max"/>; false when some of them were already pushed out.
    /// </summary>
    public bool CopyAfter(long after, long upTo, int max, List<T> into)
    {
        if (!Holds(after))
        {
            return false;
        }

        for (var n = after + 1; n <= Math.Min(upTo, Newest) && max-- > 0; n++)
        {
            into.Add(_items[(int)((n - 1) % _items.Length)]);
        }

        return true;
    }
}
