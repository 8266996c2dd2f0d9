using System.Threading.Channels;
using Orleans.Streams;
using Twin.Contracts;

namespace Twin.Client;

/// <summary>
/// A live subscription to a plant's twin changes (stream <see cref="StreamNamespaces.TwinChanges"/> keyed
/// by plant). Events are buffered until read; redeliveries of an event already seen (same EventId) are
/// dropped, because streams deliver at least once. Dispose to unsubscribe.
/// </summary>
public sealed class TwinChangeFeed : IAsyncDisposable
{
    /// <summary>Events held for a slow reader before stream delivery waits for it.</summary>
    public const int BufferCapacity = 10_000;

    private const int RememberedEventIds = 4_096;

    private readonly Channel<TwinEvent> _buffer = Channel.CreateBounded<TwinEvent>(
        new BoundedChannelOptions(BufferCapacity) { SingleReader = false, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly HashSet<string> _seen = [];
    private readonly Queue<string> _seenOrder = new();
    private readonly string? _twinId;
    private StreamSubscriptionHandle<TwinEvent>? _subscription;

    private TwinChangeFeed(string plant, string? twinId)
    {
        Plant = plant;
        _twinId = twinId;
    }

    /// <summary>The plant whose changes this feed carries.</summary>
    public string Plant { get; }

    /// <summary>The changes, in delivery order, until the feed is disposed or <paramref name="cancellationToken"/> fires.</summary>
    public IAsyncEnumerable<TwinEvent> ReadAllAsync(CancellationToken cancellationToken = default) =>
        _buffer.Reader.ReadAllAsync(cancellationToken);

    /// <summary>The next change; waits until one arrives.</summary>
    public ValueTask<TwinEvent> ReadAsync(CancellationToken cancellationToken = default) =>
        _buffer.Reader.ReadAsync(cancellationToken);

    /// <summary>Unsubscribes and ends <see cref="ReadAllAsync"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_subscription is { } subscription)
        {
            _subscription = null;
            await subscription.UnsubscribeAsync().ConfigureAwait(false);
        }

        _buffer.Writer.TryComplete();
    }

    internal static async Task<TwinChangeFeed> SubscribeAsync(IClusterClient cluster, string plant, string? twinId, CancellationToken cancellationToken)
    {
        var feed = new TwinChangeFeed(plant, twinId);
        var stream = cluster.GetStreamProvider(TwinProviders.Streams)
            .GetStream<TwinEvent>(StreamId.Create(StreamNamespaces.TwinChanges, plant));
        feed._subscription = await stream.SubscribeAsync(feed.OnNextAsync, feed.OnErrorAsync, feed.OnCompletedAsync)
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        return feed;
    }

    private async Task OnNextAsync(TwinEvent change, StreamSequenceToken? token)
    {
        if (!TwinChangeFilter.Concerns(change, _twinId) || !Remember(change.EventId))
        {
            return;
        }

        // Waiting (not dropping) when the reader is far behind: a change feed that silently loses
        // changes would show a plant screen a state that never existed.
        // After DisposeAsync the writer is closed and the change is no longer wanted.
        while (await _buffer.Writer.WaitToWriteAsync().ConfigureAwait(false))
        {
            if (_buffer.Writer.TryWrite(change))
            {
                return;
            }
        }
    }

    private Task OnErrorAsync(Exception error)
    {
        _buffer.Writer.TryComplete(error);
        return Task.CompletedTask;
    }

    private Task OnCompletedAsync()
    {
        _buffer.Writer.TryComplete();
        return Task.CompletedTask;
    }

    private bool Remember(string eventId)
    {
        lock (_seen)
        {
            if (!_seen.Add(eventId))
            {
                return false;
            }

            _seenOrder.Enqueue(eventId);
            if (_seenOrder.Count > RememberedEventIds)
            {
                _seen.Remove(_seenOrder.Dequeue());
            }

            return true;
        }
    }
}
