using Orleans.Runtime.Providers;

namespace Twin.Hosting.Providers;

/// <summary>
/// How long a pulling agent of the ERP stream waits before it tries again to hand an item to the ERP-sync grain.
/// Orleans' default draws each wait at random between 1 s and 1 s + 2^attempt s (up to 30 s), so when the grain's
/// silo dies the agent has often backed off for 8-16 s by the time the cluster declares it dead and the grain could
/// be activated elsewhere: posting resumed ~27 s after a kill -9. Here the wait doubles from 100 ms and stops at
/// 1 s: one delivery attempt per second is nothing for a consumer that only fails while its silo or its outbox store
/// is unreachable (it holds an item itself while the store recovers, ErpSyncGrain), and the next attempt after the
/// death declaration comes within a second.
/// </summary>
public sealed class ErpStreamDeliveryBackoff : IMessageDeliveryBackoffProvider
{
    public static readonly TimeSpan First = TimeSpan.FromMilliseconds(100);

    public static readonly TimeSpan Longest = TimeSpan.FromSeconds(1);

    public TimeSpan Next(int attempt)
    {
        var doubled = First.Ticks << Math.Clamp(attempt, 0, 10);
        var wait = Math.Min(doubled, Longest.Ticks);
        // Up to a fifth less, so agents of several silos do not retry in lockstep.
        return TimeSpan.FromTicks(wait - (long)(wait * 0.2 * Random.Shared.NextDouble()));
    }
}
