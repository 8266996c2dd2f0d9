using Twin.Erp.Transactions;

namespace Twin.Erp.Posting;

/// <summary>
/// The open posting windows of one plant: staged sources accumulate per group (<see cref="ErpPostingGroups"/>) until
/// the group's window (from its first source's staging time) has passed, the order completes (documents marked final)
/// or the machine that reported on the operation stops (Down or Setup). Closing a group composes its documents
/// (<see cref="ErpDocumentComposer"/>) and forgets the group; the caller seals them in the outbox store. A source seen
/// twice (redelivery, or re-read from the store after a restart) is taken once. Holds only what is open: at most a
/// window's worth of events, whatever the backlog waiting for the ERP. Not thread-safe (one grain owns it).
/// </summary>
public sealed class ErpPostingAggregator(TimeSpan window)
{
    private readonly Dictionary<string, OpenGroup> _groups = new(StringComparer.Ordinal);
    private readonly HashSet<string> _openKeys = new(StringComparer.Ordinal);

    public TimeSpan Window { get; } = window >= TimeSpan.Zero ? window : throw new ArgumentOutOfRangeException(nameof(window), window, "A posting window cannot be negative.");

    /// <summary>Staged sources in open groups.</summary>
    public int OpenSources => _openKeys.Count;

    public int OpenGroups => _groups.Count;

    /// <summary>When the earliest open window ends; null when nothing is open.</summary>
    public DateTimeOffset? NextCloseAt => _groups.Count == 0 ? null : _groups.Values.Min(g => g.OpenedAt) + Window;

    /// <summary>Takes a staged source into its group; false when that source is already open here.</summary>
    public bool Add(ErpStagedSource staged)
    {
        ArgumentNullException.ThrowIfNull(staged);
        if (!_openKeys.Add(staged.Source.IdempotencyKey))
        {
            return false;
        }

        if (!_groups.TryGetValue(staged.GroupKey, out var group))
        {
            group = new OpenGroup(staged.StagedAt);
            _groups.Add(staged.GroupKey, group);
        }

        group.Add(staged);
        return true;
    }

    /// <summary>
    /// Sources of <paramref name="kind"/> staged before <paramref name="stagedBefore"/> that are still in open groups
    /// (no ERP document exists for them yet). Costs one binary search per open group: each group keeps its staging
    /// times per kind in order, so the count does not walk the sources.
    /// </summary>
    public long CountStagedBefore(ErpTransactionKind kind, DateTimeOffset stagedBefore)
    {
        long count = 0;
        foreach (var group in _groups.Values)
        {
            if (group.OpenedAt < stagedBefore)
            {
                count += group.StagedBefore(kind, stagedBefore);
            }
        }

        return count;
    }

    /// <summary>Closes every group whose window has passed at <paramref name="now"/>, oldest first.</summary>
    public IReadOnlyList<ErpSealedDocument> CloseDue(DateTimeOffset now) =>
        Close(_groups.Where(g => now - g.Value.OpenedAt >= Window).OrderBy(g => g.Value.OpenedAt).Select(g => g.Key).ToList(), final: false);

    /// <summary>Closes the groups <paramref name="trigger"/> ends; on order completion their documents are final.</summary>
    public IReadOnlyList<ErpSealedDocument> Close(ErpPostingTrigger trigger)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        var keys = _groups
            .Where(g => trigger.Kind == ErpPostingTriggerKind.OrderCompleted
                ? g.Value.WorkOrder == trigger.Id
                : g.Value.Machines.Contains(trigger.Id))
            .OrderBy(g => g.Value.OpenedAt)
            .Select(g => g.Key)
            .ToList();
        return Close(keys, final: trigger.Kind == ErpPostingTriggerKind.OrderCompleted);
    }

    /// <summary>Forgets everything open (the store's staged rows are the truth; the caller re-reads them).</summary>
    public void Clear()
    {
        _groups.Clear();
        _openKeys.Clear();
    }

    private List<ErpSealedDocument> Close(List<string> keys, bool final)
    {
        var documents = new List<ErpSealedDocument>();
        foreach (var key in keys)
        {
            var group = _groups[key];
            _groups.Remove(key);
            foreach (var source in group.Sources)
            {
                _openKeys.Remove(source.IdempotencyKey);
            }

            documents.AddRange(ErpDocumentComposer.Compose(group.Sources, final));
        }

        return documents;
    }

    private sealed class OpenGroup(DateTimeOffset openedAt)
    {
        public DateTimeOffset OpenedAt { get; private set; } = openedAt;

        public string? WorkOrder { get; private set; }

        public HashSet<string> Machines { get; } = new(StringComparer.Ordinal);

        public List<ErpTransaction> Sources { get; } = [];

        // Staging times per kind, ascending (sources arrive in staging order; a re-read after a restart may not).
        private readonly Dictionary<ErpTransactionKind, List<DateTimeOffset>> _stagedAt = [];

        public int StagedBefore(ErpTransactionKind kind, DateTimeOffset before)
        {
            if (!_stagedAt.TryGetValue(kind, out var times))
            {
                return 0;
            }

            // The first index at or after 'before' is the number of times before it.
            int low = 0, high = times.Count;
            while (low < high)
            {
                var middle = (low + high) >>> 1;
                if (times[middle] < before)
                {
                    low = middle + 1;
                }
                else
                {
                    high = middle;
                }
            }

            return low;
        }

        public void Add(ErpStagedSource staged)
        {
            // Re-read after a restart the sources may come in any order: the window runs from the earliest.
            if (staged.StagedAt < OpenedAt)
            {
                OpenedAt = staged.StagedAt;
            }

            WorkOrder ??= staged.Source.WorkOrder;
            if (staged.Source.Machine is { } machine)
            {
                Machines.Add(machine);
            }

            Sources.Add(staged.Source);
            if (!_stagedAt.TryGetValue(staged.Source.Kind, out var times))
            {
                _stagedAt[staged.Source.Kind] = times = [];
            }

            if (times.Count == 0 || times[^1] <= staged.StagedAt)
            {
                times.Add(staged.StagedAt);
            }
            else
            {
                var at = times.BinarySearch(staged.StagedAt);
                times.Insert(at < 0 ? ~at : at, staged.StagedAt);
            }
        }
    }
}
