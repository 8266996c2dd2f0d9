namespace SapSimulator.Faults;

/// <summary>
/// Faults switched on through /admin/faults. <see cref="TakeDrop"/>: the next N modifying requests are processed and
/// booked, then the connection is cut before the answer (a response lost after SAP booked).
/// </summary>
public sealed class SimulatorFaults
{
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

    public void Reset() => Interlocked.Exchange(ref _dropsLeft, 0);
}
