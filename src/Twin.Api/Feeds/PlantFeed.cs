using Twin.Contracts;

namespace Twin.Api.Feeds;

/// <summary>
/// One plant's change feed on this silo: the retention window (a ring of the last events, each encoded once) and
/// the clients following it. <see cref="Append"/> costs the same whatever the window's length; each client gets
/// the event offered to its own bounded queue. Clients attach at a position — live, or after a
/// <c>Last-Event-ID</c> still in the window — and read what they missed from the ring before their queue.
/// Orleans-free: the hub feeds it from the plant's stream.
/// </summary>
internal sealed class PlantFeed
{
    private readonly Lock _lock = new();
    private readonly FeedRing<FeedEntry> _ring;
    private readonly Dictionary<string, long> _held; // event id → sequence of the events in the ring, to drop redeliveries
    private readonly Func<TwinEvent, FeedPosition, byte[]> _encode;
    private FeedSubscriber[] _subscribers = [];
    private bool _closed;

    public PlantFeed(string plant, string epoch, int retained, Func<TwinEvent, FeedPosition, byte[]> encode, DateTimeOffset now)
    {
        Plant = plant;
        Epoch = epoch;
        _ring = new FeedRing<FeedEntry>(retained);
        _held = new Dictionary<string, long>(Math.Min(retained, 4_096), StringComparer.Ordinal);
        _encode = encode;
        IdleSince = now;
    }

    public string Plant { get; }

    /// <summary>This run of the feed; part of every position it hands out.</summary>
    public string Epoch { get; }

    /// <summary>When the last client left (the creation time until one came); null while any is attached.</summary>
    public DateTimeOffset? IdleSince { get; private set; }

    /// <summary>Clients attached now.</summary>
    public int Clients => Volatile.Read(ref _subscribers).Length;

    /// <summary>Adds <paramref name="change"/> to the window and offers it to every client; a redelivered event is ignored.</summary>
    public void Append(TwinEvent change)
    {
        lock (_lock)
        {
            if (_closed || _held.ContainsKey(change.EventId))
            {
                return; // Streams deliver at least once; the window holds each event once.
            }

            var sequence = _ring.Newest + 1;
            var entry = new FeedEntry(sequence, change, ChangeFeedEvent.TypeOf(change.Payload), _encode(change, new FeedPosition(Epoch, sequence)));
            if (_ring.Append(entry) is { } evicted)
            {
                _held.Remove(evicted.Event.EventId);
            }

            _held[change.EventId] = sequence;
            ChangeFeedMetrics.Events.Add(1);
            foreach (var subscriber in _subscribers)
            {
                subscriber.Offer(entry);
            }
        }
    }

    /// <summary>
    /// Attaches <paramref name="subscriber"/>: events after <c>Backlog.After</c> up to <c>Backlog.UpTo</c> are in the
    /// ring (<see cref="ReadBacklog"/>), later ones arrive in its queue. Null when the feed has closed (join again).
    /// </summary>
    public FeedAttachment? Attach(FeedSubscriber subscriber, string? lastEventId)
    {
        lock (_lock)
        {
            if (_closed)
            {
                return null;
            }

            var newest = _ring.Newest;
            FeedReset? reset = null;
            var after = newest;
            if (lastEventId is not null)
            {
                if (FeedPosition.TryParse(lastEventId, out var position) && position.Epoch == Epoch && _ring.Holds(position.Sequence))
                {
                    after = position.Sequence;
                }
                else
                {
                    reset = ResetFor(lastEventId, position, newest);
                }
            }

            _subscribers = [.. _subscribers, subscriber];
            IdleSince = null;
            return new FeedAttachment(after, newest, reset);
        }
    }

    /// <summary>Adds to <paramref name="into"/> up to <paramref name="max"/> window events after <paramref name="after"/>; false when the window moved past them.</summary>
    public bool ReadBacklog(long after, long upTo, int max, List<FeedEntry> into)
    {
        lock (_lock)
        {
            return _ring.CopyAfter(after, upTo, max, into);
        }
    }

    public void Detach(FeedSubscriber subscriber, DateTimeOffset now)
    {
        lock (_lock)
        {
            _subscribers = [.. _subscribers.Where(s => !ReferenceEquals(s, subscriber))];
            if (_subscribers.Length == 0 && !_closed)
            {
                IdleSince = now;
            }
        }
    }

    /// <summary>Closes the feed when no client has been attached since <paramref name="idleBefore"/>; true when it closed.</summary>
    public bool TryCloseIdle(DateTimeOffset idleBefore)
    {
        lock (_lock)
        {
            if (_closed || _subscribers.Length > 0 || IdleSince > idleBefore)
            {
                return false;
            }

            _closed = true;
            return true;
        }
    }

    /// <summary>Closes the feed and drops every client with <paramref name="reason"/>.</summary>
    public void Close(string reason)
    {
        lock (_lock)
        {
            _closed = true;
            foreach (var subscriber in _subscribers)
            {
                subscriber.Drop(reason);
            }
        }
    }

    private FeedReset ResetFor(string lastEventId, FeedPosition position, long newest)
    {
        var oldest = _ring.Oldest <= newest ? new FeedPosition(Epoch, _ring.Oldest).ToString() : null;
        var resumedAt = new FeedPosition(Epoch, newest).ToString();
        if (position.Epoch == Epoch && position.Sequence < _ring.Oldest)
        {
            return new FeedReset(FeedReset.PositionExpired, lastEventId, oldest, resumedAt,
                $"Events after {lastEventId} are no longer held (this silo keeps the last {_ring.Capacity} of plant '{Plant}'); " +
                "what happened since is not replayed. Read the twins' current state, then follow from here.");
        }

        return new FeedReset(FeedReset.PositionUnknown, lastEventId, oldest, resumedAt,
            $"'{lastEventId}' is not a position of this feed of plant '{Plant}' (another silo, a restart, or not a feed id); " +
            "what happened since is not replayed. Read the twins' current state, then follow from here.");
    }
}

/// <summary>Where an attached client starts: window events after <c>After</c> up to <c>UpTo</c>, then its queue; and a reset notice if its position was lost.</summary>
internal sealed record FeedAttachment(long After, long UpTo, FeedReset? Reset);

/// <summary>
/// The body of a <c>reset</c> event: the asked position is not in the window, so the stream goes on from now and
/// the client should read current state before trusting the events that follow.
/// </summary>
public sealed record FeedReset(string Reason, string LastEventId, string? Oldest, string ResumedAt, string Detail)
{
    /// <summary>The position is older than the retention window.</summary>
    public const string PositionExpired = "position-expired";

    /// <summary>The position is not one of this feed (another silo or run, or malformed).</summary>
    public const string PositionUnknown = "position-unknown";
}
