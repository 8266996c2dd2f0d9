namespace SapSimulator.Faults;

/// <summary>
/// Faults switched on through /admin/faults. <see cref="TakeDrop"/>: the next N modifying requests are processed and
/// booked, then the connection is cut before the answer (a response lost after SAP booked).
/// <see cref="InErrorPool"/>: goods movements of these materials that a confirmation triggers fail into the error pool
/// (SAP's COGI) while the confirmation itself posts.
/// </summary>
public sealed class SimulatorFaults
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _errorPoolMaterials = new(StringComparer.Ordinal);

    private int _dropsLeft;
    private long _dropped;

    public long Dropped => Interlocked.Read(ref _dropped);

    public void DropNext(int count) => Interlocked.Exchange(ref _dropsLeft, Math.Max(0, count));

    public bool TakeDrop()
    {
        while (true)
        {
            var left = Volatile.Read(ref _dropsLeft);
            if (left <= 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _dropsLeft, left - 1, left) == left)
            {
                Interlocked.Increment(ref _dropped);
                return true;
            }
        }
    }

    /// <summary>From now on, a confirmation's goods movements of these materials fail into the error pool (empty: none do).</summary>
    public void ParkInErrorPool(IEnumerable<string> materials)
    {
        _errorPoolMaterials.Clear();
        foreach (var material in materials)
        {
            _errorPoolMaterials[material] = true;
        }
    }

    public bool InErrorPool(string? material) => material is not null && _errorPoolMaterials.ContainsKey(material);

    public void Reset()
    {
        Interlocked.Exchange(ref _dropsLeft, 0);
        _errorPoolMaterials.Clear();
    }
}
