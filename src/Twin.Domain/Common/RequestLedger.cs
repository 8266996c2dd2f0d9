using System.Text.Json.Serialization;

namespace Twin.Domain;

/// <summary>
/// The most recent request ids a twin has handled and their outcomes, oldest first, bounded so state
/// stays small. A retry later than <see cref="Capacity"/> newer requests is treated as new: callers
/// retry within seconds, and the bound is configurable.
/// </summary>
public sealed class RequestLedger
{
    // Up to this many entries a lookup scans them (newest first) instead of keeping an index: most twins have
    // handled a handful of requests, and an index dictionary costs ~200 bytes per twin (issue 9: ≤ 4 KB a twin).
    private const int ScanLimit = 16;

    private Dictionary<string, CommandOutcome>? _index;

    public int Capacity { get; set; } = 1000;

    public List<CommandOutcome> Entries { get; set; } = [];

    /// <summary>
    /// How many outcomes were ever remembered: the newest entry is number <see cref="LastSequence"/>. A store that
    /// writes only what is new since its last write (one row per outcome) numbers the rows by it. Ledgers stored
    /// before the counter existed read 0 and are brought level with their entries by <see cref="EnsureSequenced"/>.
    /// </summary>
    public long LastSequence { get; set; }

    /// <summary>The sequence number of <see cref="Entries"/>[<paramref name="index"/>].</summary>
    public long SequenceOf(int index) => LastSequence - Entries.Count + 1 + index;

    /// <summary>Brings a ledger read from an older stored form (no counter) level with its entries.</summary>
    public void EnsureSequenced()
    {
        if (LastSequence < Entries.Count)
        {
            LastSequence = Entries.Count;
        }
    }

    [JsonIgnore]
    private Dictionary<string, CommandOutcome> Index =>
        _index ??= Entries.GroupBy(e => e.RequestId).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);

    public bool TryGet(string requestId, out CommandOutcome outcome)
    {
        if (_index is null && Entries.Count <= ScanLimit)
        {
            // Newest first: the last outcome of a request id is the one the index would hold.
            for (var i = Entries.Count - 1; i >= 0; i--)
            {
                if (string.Equals(Entries[i].RequestId, requestId, StringComparison.Ordinal))
                {
                    outcome = Entries[i];
                    return true;
                }
            }

            outcome = null!;
            return false;
        }

        return Index.TryGetValue(requestId, out outcome!);
    }

    /// <summary>Replaces the entries with <paramref name="outcomes"/> (oldest first; the newest is number
    /// <paramref name="lastSequence"/>), keeping the newest <see cref="Capacity"/>.</summary>
    public void Restore(IReadOnlyList<CommandOutcome> outcomes, long lastSequence)
    {
        Entries = outcomes.Skip(Math.Max(0, outcomes.Count - Math.Max(1, Capacity))).ToList();
        LastSequence = Math.Max(lastSequence, Entries.Count);
        _index = null;
    }

    public void Remember(CommandOutcome outcome)
    {
        Entries.Add(outcome);
        LastSequence++;
        if (_index is not null || Entries.Count > ScanLimit)
        {
            Index[outcome.RequestId] = outcome;
        }

        while (Entries.Count > Math.Max(1, Capacity))
        {
            var oldest = Entries[0];
            Entries.RemoveAt(0);
            if (_index is not null && _index.TryGetValue(oldest.RequestId, out var current) && ReferenceEquals(current, oldest))
            {
                _index.Remove(oldest.RequestId);
            }
        }
        SmallLists.Fit(Entries);
    }
}
