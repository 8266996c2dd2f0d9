using Twin.Contracts;
using Twin.Domain.Objectives;

namespace Twin.Grains.Kpis;

/// <summary>The lots on hold a plant's KPI grain follows, with when each was held (read once per hold from the lot twin).</summary>
internal sealed class QualityHoldTracker
{
    private Dictionary<string, DateTimeOffset?> _held = new(StringComparer.Ordinal);

    /// <summary>Keeps the lots listed now (forgetting released ones) and answers those whose hold time is not known yet.</summary>
    public List<string> Keep(IReadOnlyList<string> listed)
    {
        var next = new Dictionary<string, DateTimeOffset?>(listed.Count, StringComparer.Ordinal);
        var unknown = new List<string>();
        foreach (var id in listed)
        {
            var since = _held.GetValueOrDefault(id);
            next[id] = since;
            if (since is null)
            {
                unknown.Add(id);
            }
        }

        _held = next;
        return unknown;
    }

    public void Since(string lotId, DateTimeOffset at)
    {
        if (_held.ContainsKey(lotId))
        {
            _held[lotId] = at;
        }
    }

    public QualityHoldsKpi Kpi(TimeSpan limit, DateTimeOffset now)
    {
        var known = _held.Where(h => h.Value is not null).ToList();
        var (overdue, oldest) = HoldAging.Overdue(known.Select(h => h.Value!.Value), limit, now);
        var overdueLots = known.Where(h => now - h.Value!.Value > limit).OrderBy(h => h.Value).Take(20).Select(h => h.Key).ToList();
        return new QualityHoldsKpi(overdue == 0, _held.Count, overdue, limit.TotalSeconds, oldest, overdueLots);
    }
}
