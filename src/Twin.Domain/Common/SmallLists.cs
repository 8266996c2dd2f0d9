namespace Twin.Domain;

/// <summary>
/// Keeps a short list's array exactly as long as the list: a list grows its array to 4 slots with its first item and
/// doubles from there, so a twin with one transition, one remembered request and two history lines carried 9 empty
/// slots (72 bytes, issue 9: ≤ 4 KB a twin). Lists longer than <see cref="Limit"/> are left to grow as usual (a
/// work order's 1,000-entry ledger must not be copied on every change).
/// </summary>
public static class SmallLists
{
    public const int Limit = 16;

    public static void Fit<T>(List<T> list)
    {
        if (list.Count <= Limit && list.Capacity > list.Count)
        {
            list.Capacity = list.Count;
        }
    }

    /// <summary>
    /// Makes room for one more item in a long-lived list that grows for a day (a machine's transitions and count
    /// minutes): by a quarter instead of doubling, so at most a fifth of its array is empty instead of half
    /// (~16 KB a machine twin at a day of history). Still geometric, so adding stays O(1) amortized.
    /// </summary>
    public static void MakeRoom<T>(List<T> list)
    {
        if (list.Count == list.Capacity && list.Count >= Limit)
        {
            list.Capacity = list.Count + list.Count / 4;
        }
    }
}
