using System.Threading.Channels;

namespace Twin.Api.Feeds;

/// <summary>
/// One connected client of a plant feed: its filter and the bounded queue of events waiting to be written to it.
/// The plant feed never waits for a client: an event that does not fit drops the client, with the reason, so one
/// slow reader cannot hold up the plant's other clients or the stream behind them.
/// </summary>
internal sealed class FeedSubscriber(ChangeFeedFilter filter, int capacity)
{
    /// <summary>The client read too slowly: its queue was full when the next event came.</summary>
    public const string SlowConsumer = "slow-consumer";

    /// <summary>The key that opened the stream was removed from the configuration or no longer allows the plant.</summary>
    public const string AccessRevoked = "access-revoked";

    /// <summary>The silo is stopping or the plant's feed was closed; reconnecting finds another.</summary>
    public const string FeedClosed = "feed-closed";

    private readonly Channel<FeedEntry> _pending = Channel.CreateBounded<FeedEntry>(
        new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly CancellationTokenSource _dropped = new();
    private string? _dropReason;

    public ChangeFeedFilter Filter { get; } = filter;

    /// <summary>Events for the client, oldest first; completed when the client is dropped.</summary>
    public ChannelReader<FeedEntry> Pending => _pending.Reader;

    /// <summary>Fires when the client is dropped, to cancel a write that waits on its connection.</summary>
    public CancellationToken Dropped => _dropped.Token;

    /// <summary>Why the client was dropped (<see cref="SlowConsumer"/>, <see cref="AccessRevoked"/>, <see cref="FeedClosed"/>), or null.</summary>
    public string? DropReason => Volatile.Read(ref _dropReason);

    /// <summary>Queues <paramref name="entry"/> when the filter wants it; drops the client when its queue is full.</summary>
    public void Offer(FeedEntry entry)
    {
        if (Filter.Matches(entry) && !_pending.Writer.TryWrite(entry))
        {
            Drop(SlowConsumer);
        }
    }

    /// <summary>Ends the client's stream; the first reason wins.</summary>
    public void Drop(string reason)
    {
        if (Interlocked.CompareExchange(ref _dropReason, reason, null) is null)
        {
            _pending.Writer.TryComplete();
            ChangeFeedMetrics.Dropped.Add(1, new KeyValuePair<string, object?>("reason", reason));
            // Not Cancel(): its callbacks would run here, inside the plant feed's lock.
            _ = _dropped.CancelAsync();
        }
    }
}
