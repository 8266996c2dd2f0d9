namespace Twin.Domain.Machines;

/// <summary>
/// The newest signal batch hashes of a machine, at most <c>capacity</c>: an array that grows to the capacity and
/// then overwrites its oldest entry. The list it replaces grew to twice the bound (the add came before the trim);
/// this is one array of at most <c>capacity</c> longs. A struct, so the twin holds it inline: keep it in a field that is
/// not readonly (a copy would not see the change).
/// </summary>
public struct BatchHashRing
{
    private long[]? _storage;
    private int _next; // where the next hash goes once the array is full (= the oldest entry)

    private readonly long[] _hashes => _storage ?? [];

    public readonly int Count => _hashes.Length;

    public readonly bool Contains(long hash) => Array.IndexOf(_hashes, hash) >= 0;

    public void Add(long hash, int capacity)
    {
        capacity = Math.Max(1, capacity);
        if (_hashes.Length >= capacity)
        {
            if (_hashes.Length > capacity)
            {
                Restore(Oldest().Skip(_hashes.Length - capacity).ToArray());
            }
            _hashes[_next] = hash;
            _next = (_next + 1) % _hashes.Length;
            return;
        }
        // Growing, one slot at a time and oldest first: a machine reaches the bound within seconds and stays there.
        var grown = new long[_hashes.Length + 1];
        var i = 0;
        foreach (var kept in Oldest())
        {
            grown[i++] = kept;
        }
        grown[i] = hash;
        _storage = grown;
        _next = 0;
    }

    /// <summary>The hashes oldest first (the stored form).</summary>
    public readonly IEnumerable<long> Oldest()
    {
        var hashes = _hashes;
        var next = _next;
        return Enumerable.Range(0, hashes.Length).Select(i => hashes[(next + i) % hashes.Length]);
    }

    public void Restore(IReadOnlyList<long> oldestFirst)
    {
        _storage = [.. oldestFirst];
        _next = 0;
    }
}
