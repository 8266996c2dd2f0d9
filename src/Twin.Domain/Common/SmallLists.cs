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
}
