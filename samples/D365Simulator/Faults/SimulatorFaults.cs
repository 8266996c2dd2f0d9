namespace D365Simulator.Faults;

/// <summary>
/// Faults switched on through /admin/faults: a 429 storm (the next N SendMessage requests are throttled with
/// Retry-After), and lost answers (the next N messages are queued, then the connection is cut before the answer).
/// </summary>
public sealed class SimulatorFaults
{
    private int _throttleLeft;
    private int _dropsLeft;
    private long _throttled;
    private long _dropped;

    public int RetryAfterSeconds { get; private set; } = 1;

    public long Throttled => Interlocked.Read(ref _throttled);

    public long Dropped => Interlocked.Read(ref _dropped);

    public void Storm(int requests, int retryAfterSeconds)
    {
        RetryAfterSeconds = Math.Max(0, retryAfterSeconds);
        Interlocked.Exchange(ref _throttleLeft, Math.Max(0, requests));
    }

    public void DropNext(int count) => Interlocked.Exchange(ref _dropsLeft, Math.Max(0, count));

    public bool TakeThrottle() => Take(ref _throttleLeft, ref _throttled);

    public bool TakeDrop() => Take(ref _dropsLeft, ref _dropped);

    public void Reset()
    {
        Interlocked.Exchange(ref _throttleLeft, 0);
        Interlocked.Exchange(ref _dropsLeft, 0);
    }

    private static bool Take(ref int left, ref long taken)
    {
        while (true)
        {
            var now = Volatile.Read(ref left);
            if (now <= 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref left, now - 1, now) == now)
            {
                Interlocked.Increment(ref taken);
                return true;
            }
        }
    }
}
