namespace Twin.Domain.Objectives;

/// <summary>The quality-hold rule: a hold older than the limit is overdue (someone should decide on the lot).</summary>
public static class HoldAging
{
    /// <summary>How many of <paramref name="heldSince"/> are older than <paramref name="limit"/> at <paramref name="now"/>, and the oldest.</summary>
    public static (int Overdue, DateTimeOffset? Oldest) Overdue(IEnumerable<DateTimeOffset> heldSince, TimeSpan limit, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(heldSince);
        var overdue = 0;
        DateTimeOffset? oldest = null;
        foreach (var since in heldSince)
        {
            if (now - since > limit)
            {
                overdue++;
            }

            if (oldest is null || since < oldest)
            {
                oldest = since;
            }
        }

        return (overdue, oldest);
    }
}
