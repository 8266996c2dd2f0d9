using System.Collections.Concurrent;

namespace Twin.Grains.Plants;

/// <summary>
/// The embedded profile's directory store: per plant and list, the rows by id and a sorted set of the listed
/// ids (a red-black tree: insert O(log n), a page O(log n + page)). Lives as long as the silo, like the rest
/// of the embedded profile's state.
/// </summary>
public sealed class InMemoryPlantDirectoryStore : IPlantDirectoryStore
{
    private readonly ConcurrentDictionary<(string Plant, ListingKind Kind), List> _lists = new();

    public Task UpsertAsync(string plant, IReadOnlyList<DirectoryRow> rows, CancellationToken cancellationToken = default)
    {
        foreach (var row in rows)
        {
            _lists.GetOrAdd((plant, row.Kind), _ => new List()).Upsert(row);
        }

        return Task.CompletedTask;
    }

    public Task<DirectoryPage> PageAsync(string plant, ListingKind kind, string? after, int limit, CancellationToken cancellationToken = default) =>
        Task.FromResult(_lists.TryGetValue((plant, kind), out var list) ? list.Page(after, Math.Max(1, limit)) : new DirectoryPage([], null));

    public Task<long> CountAsync(string plant, ListingKind kind, CancellationToken cancellationToken = default) =>
        Task.FromResult(_lists.TryGetValue((plant, kind), out var list) ? list.Count : 0L);

    private sealed class List
    {
        private readonly Lock _gate = new();
        private readonly Dictionary<string, (long Version, object? Listing)> _rows = new(StringComparer.Ordinal);
        private readonly SortedSet<string> _listed = new(StringComparer.Ordinal);

        public long Count
        {
            get
            {
                lock (_gate)
                {
                    return _listed.Count;
                }
            }
        }

        public void Upsert(DirectoryRow row)
        {
            lock (_gate)
            {
                if (_rows.TryGetValue(row.Id, out var held) && held.Version >= row.Version)
                {
                    return;
                }

                _rows[row.Id] = (row.Version, row.Listing);
                if (row.Listing is null)
                {
                    _listed.Remove(row.Id);
                }
                else
                {
                    _listed.Add(row.Id);
                }
            }
        }

        public DirectoryPage Page(string? after, int limit)
        {
            lock (_gate)
            {
                if (_listed.Count == 0 || (after is not null && StringComparer.Ordinal.Compare(after, _listed.Max) >= 0))
                {
                    return new DirectoryPage([], null);
                }

                IEnumerable<string> ids = after is null ? _listed : _listed.GetViewBetween(after, _listed.Max!);
                var items = new List<object>(Math.Min(limit, _listed.Count));
                string? last = null;
                var more = false;
                foreach (var id in ids)
                {
                    if (after is not null && string.Equals(id, after, StringComparison.Ordinal))
                    {
                        continue;
                    }

                    if (items.Count == limit)
                    {
                        more = true;
                        break;
                    }

                    items.Add(_rows[id].Listing!);
                    last = id;
                }

                return new DirectoryPage(items, more ? last : null);
            }
        }
    }
}
