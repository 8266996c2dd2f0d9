using System.Threading.Channels;
using Twin.OpcUa.Client;
using Twin.OpcUa.Encoding;
using Twin.OpcUa.Services;

namespace Twin.Interop.Tests.ClientInterop;

/// <summary>One value change as our client delivered it, with the notification message it came in.</summary>
internal sealed record ReceivedChange(uint ClientHandle, DataValue Value, uint SequenceNumber, bool Republished);

/// <summary>
/// Records what our client's <see cref="DataChangeHandler"/> delivers (copying out of the reused
/// batch) and what gaps its subscriptions report, so tests can wait for values as signals.
/// </summary>
internal sealed class ReceivedChanges
{
    private readonly Channel<ReceivedChange> _changes = Channel.CreateUnbounded<ReceivedChange>();
    private readonly List<NotificationGapEventArgs> _gaps = [];
    private readonly List<uint> _republishedSequenceNumbers = [];
    private readonly object _lock = new();

    public IReadOnlyList<NotificationGapEventArgs> Gaps
    {
        get
        {
            lock (_lock)
            {
                return [.. _gaps];
            }
        }
    }

    /// <summary>Sequence numbers of notification messages that arrived through Republish.</summary>
    public IReadOnlyList<uint> RepublishedSequenceNumbers
    {
        get
        {
            lock (_lock)
            {
                return [.. _republishedSequenceNumbers];
            }
        }
    }

    public void OnDataChange(OpcUaSubscription subscription, DataChangeBatch batch)
    {
        if (batch.IsRepublished && batch.Count > 0)
        {
            lock (_lock)
            {
                _republishedSequenceNumbers.Add(batch.SequenceNumber);
            }
        }

        foreach (var notification in batch.Notifications)
        {
            _changes.Writer.TryWrite(new ReceivedChange(notification.ClientHandle, notification.Value, batch.SequenceNumber, batch.IsRepublished));
        }
    }

    public void OnGap(object? sender, NotificationGapEventArgs gap)
    {
        lock (_lock)
        {
            _gaps.Add(gap);
        }
    }

    /// <summary>Waits for the next change of the item with <paramref name="clientHandle"/>.</summary>
    public async Task<ReceivedChange> NextAsync(uint clientHandle, TimeSpan timeout, string waitingFor)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var change = await _changes.Reader.ReadAsync(cts.Token);
                if (change.ClientHandle == clientHandle)
                {
                    return change;
                }
            }
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            throw new TimeoutException($"Our client delivered no {waitingFor} within {timeout.TotalSeconds} s (gaps reported: {Gaps.Count}).");
        }
    }

    /// <summary>Collects changes of one item until one satisfies <paramref name="last"/>.</summary>
    public async Task<List<ReceivedChange>> CollectUntilAsync(uint clientHandle, Func<ReceivedChange, bool> last, TimeSpan timeout, string waitingFor)
    {
        var collected = new List<ReceivedChange>();
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"Our client delivered no {waitingFor} within {timeout.TotalSeconds} s; got [{string.Join(", ", collected.Select(c => c.Value.Value))}].");
            }

            var change = await NextAsync(clientHandle, left, waitingFor + $" (so far [{string.Join(", ", collected.Select(c => c.Value.Value))}])");
            collected.Add(change);
            if (last(change))
            {
                return collected;
            }
        }
    }
}
