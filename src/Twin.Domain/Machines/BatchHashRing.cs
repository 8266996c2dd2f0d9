namespace Twin.Domain.Machines;

/// <summary>
/// The newest signal batch hashes of a machine, at most <c>capacity</c>: an array that grows to the capacity and
/// then overwrites its oldest entry. The list it replaces grew to twice the bound (the add came before the trim);
/// this is one array of at most <c>capacity</c> longs.
/// </summary>
public sealed class BatchHashRing
{
    private long[] _hashes = [];
    private int _next; // where the next hash goes once the array is full (= the oldest entry)

    public int Count => _hashes.Length;

    public bool Contains(long hash) => Array.IndexOf(_hashes, hash) >= 0;

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
        _hashes = grown;
        _next = 0;
    }

    /// <summary>The hashes oldest first (the stored form).</summary>
    public IEnumerable<long> Oldest()
    {
        for (var i = 0; i < _hashes.Length; i++)
        {
            yield return _hashes[(_next + i) % _hashes.Length];
        }
    }

    public void Restore(IReadOnlyList<long> oldestFirst)
    {
        _hashes = [.. oldestFirst];
        _next = 0;
    }
}
