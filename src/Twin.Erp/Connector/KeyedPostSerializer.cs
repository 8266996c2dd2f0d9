namespace Twin.Erp.Connector;

/// <summary>
/// Serializes posts that must not overlap: on SAP's locks (a confirmation locks its order, a goods movement its material
/// in its plant), on D365's per-order message order. A batch takes all its keys, sorted, before it is sent, so two
/// batches never wait on each other crosswise.
/// </summary>
internal sealed class KeyedPostSerializer
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public async Task<IDisposable> AcquireAsync(IEnumerable<string> keys, CancellationToken cancellationToken)
    {
        var sorted = keys.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var held = new List<(string Key, Entry Entry)>(sorted.Count);
        try
        {
            foreach (var key in sorted)
            {
                var entry = Rent(key);
                held.Add((key, entry));
                await entry.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                entry.Held = true;
            }
        }
        catch
        {
            Release(held);
            throw;
        }

        return new Lease(this, held);
    }

    private Entry Rent(string key)
    {
        lock (_entries)
        {
            if (!_entries.TryGetValue(key, out var entry))
            {
                entry = new Entry();
                _entries[key] = entry;
            }

            entry.Users++;
            return entry;
        }
    }

    private void Release(List<(string Key, Entry Entry)> held)
    {
        lock (_entries)
        {
            foreach (var (key, entry) in held)
            {
                if (entry.Held)
                {
                    entry.Held = false;
                    entry.Gate.Release();
                }

                // The last user removes the entry, so the table holds only keys in use.
                if (--entry.Users == 0)
                {
                    _entries.Remove(key);
                }
            }
        }
    }

    private sealed class Entry
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public int Users { get; set; }

        public bool Held { get; set; }
    }

    private sealed class Lease(KeyedPostSerializer owner, List<(string Key, Entry Entry)> held) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Release(held);
            }
        }
    }
}
