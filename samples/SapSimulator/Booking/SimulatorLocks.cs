namespace SapSimulator.Booking;

/// <summary>
/// SAP's enqueue locks as the simulator keeps them: an order while it is confirmed, a material in a plant while it
/// moves. A posting that finds a key held by someone else fails at once with a lock message (SAP does not wait).
/// </summary>
public sealed class SimulatorLocks(TimeProvider timeProvider)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, DateTimeOffset> _held = new(StringComparer.Ordinal);
    private long _collisions;

    public long Collisions => Interlocked.Read(ref _collisions);

    /// <summary>Takes every key, or none: returns the first key already held, or null when all were taken.</summary>
    public string? TryTake(IReadOnlyCollection<string> keys)
    {
        var now = timeProvider.GetUtcNow();
        lock (_gate)
        {
            foreach (var key in keys)
            {
                if (_held.TryGetValue(key, out var until) && until > now)
                {
                    Interlocked.Increment(ref _collisions);
                    return key;
                }
            }

            foreach (var key in keys)
            {
                _held[key] = DateTimeOffset.MaxValue;
            }

            return null;
        }
    }

    public void Release(IEnumerable<string> keys)
    {
        lock (_gate)
        {
            foreach (var key in keys)
            {
                _held.Remove(key);
            }
        }
    }

    /// <summary>Another SAP user holds <paramref name="key"/> for <paramref name="duration"/> (admin: provoke collisions).</summary>
    public void Hold(string key, TimeSpan duration)
    {
        lock (_gate)
        {
            _held[key] = timeProvider.GetUtcNow() + duration;
        }
    }
}
