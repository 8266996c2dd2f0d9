using Twin.OpcUa.Encoding;
using Twin.OpcUa.Services;

namespace Twin.OpcUa.Server.Sampling;

/// <summary>
/// Server side of one subscription: monitored items, sequence numbers, keep-alive and lifetime
/// counters, and the retransmission queue that Republish reads. All state is guarded by
/// <see cref="Gate"/> (the server's publishing lock).
/// </summary>
internal sealed class SubscriptionState
{
    private readonly SortedDictionary<uint, NotificationMessage> _retransmission = [];
    private readonly List<MonitoredItemNotification> _drained = [];
    private readonly int _retransmissionLimit;
    private uint _nextSequenceNumber = 1;
    private uint _keepAliveCounter;
    private uint _lifetimeCounter;
    private bool _firstMessageSent;

    public SubscriptionState(object gate, uint id, SessionState session, int retransmissionLimit)
    {
        Gate = gate;
        Id = id;
        Session = session;
        _retransmissionLimit = retransmissionLimit;
    }

    public object Gate { get; }
    public uint Id { get; }
    public SessionState Session { get; set; }
    public double PublishingInterval { get; set; }
    public uint MaxKeepAliveCount { get; set; }
    public uint LifetimeCount { get; set; }
    public int MaxNotificationsPerPublish { get; set; }
    public bool PublishingEnabled { get; set; } = true;
    public bool Late { get; set; }
    public Dictionary<uint, MonitoredItemState> Items { get; } = [];
    public CancellationTokenSource Stopping { get; } = new();

    /// <summary>Items with queued values, in the order they first changed.</summary>
    public Queue<MonitoredItemState> Ready { get; } = new();

    public bool HasNotifications => PublishingEnabled && Ready.Count > 0;

    public IReadOnlyList<uint> AvailableSequenceNumbers => _retransmission.Keys.ToArray();

    /// <summary>One publishing interval elapsed; returns true when the subscription expired.</summary>
    public bool Tick(Func<SessionState, PendingPublish?> takeRequest, Action<PendingPublish, PublishResponse> send)
    {
        _lifetimeCounter = Session.PublishRequests.Count == 0 ? _lifetimeCounter + 1 : 0;
        if (HasNotifications || !_firstMessageSent || ++_keepAliveCounter >= MaxKeepAliveCount)
        {
            PublishBacklog(takeRequest, send);
        }

        return _lifetimeCounter >= LifetimeCount;
    }

    /// <summary>
    /// Sends a message (or keep-alive), then keeps answering queued Publish requests while more
    /// notifications wait (Part 4 §5.13.1.1): one message per publishing interval would cap a busy
    /// subscription at MaxNotificationsPerPublish per interval and overflow the item queues.
    /// What is left when the requests run out makes the subscription Late, so the next Publish
    /// request that arrives is answered at once.
    /// </summary>
    public void PublishBacklog(Func<SessionState, PendingPublish?> takeRequest, Action<PendingPublish, PublishResponse> send)
    {
        while (TryPublish(takeRequest, send))
        {
            if (!HasNotifications)
            {
                return;
            }
        }

        Late = true;
    }

    /// <summary>
    /// Sends notifications or a keep-alive if a Publish request is queued. Afterwards the
    /// subscription stays Late while notifications remain (MoreNotifications was true).
    /// </summary>
    public bool TryPublish(Func<SessionState, PendingPublish?> takeRequest, Action<PendingPublish, PublishResponse> send)
    {
        var request = takeRequest(Session);
        if (request is null)
        {
            return false;
        }

        _keepAliveCounter = 0;
        _lifetimeCounter = 0;
        _firstMessageSent = true;
        NotificationMessage message;
        var more = false;
        if (HasNotifications)
        {
            // Reused (we hold the gate): only the encoded body outlives this call.
            var notifications = _drained;
            notifications.Clear();
            while (Ready.TryPeek(out var item))
            {
                var room = MaxNotificationsPerPublish - notifications.Count;
                if (room <= 0)
                {
                    break;
                }

                item.Drain(notifications, room);
                if (item.HasNotifications)
                {
                    break;
                }

                Ready.Dequeue();
                item.InReadyQueue = false;
            }

            more = HasNotifications;

            message = new NotificationMessage
            {
                SequenceNumber = NextSequenceNumber(),
                PublishTime = DateTime.UtcNow,
                NotificationData = [NotificationTypes.EncodeDataChange(notifications)],
            };
            notifications.Clear();
            Remember(message);
        }
        else
        {
            // Keep-alive: carries the next sequence number without consuming it.
            message = new NotificationMessage { SequenceNumber = _nextSequenceNumber, PublishTime = DateTime.UtcNow };
        }

        Late = more;
        send(request, Response(request, message, more));
        return true;
    }

    /// <summary>Sends the final StatusChangeNotification when the subscription times out.</summary>
    public void SendTimeoutStatus(Func<SessionState, PendingPublish?> takeRequest, Action<PendingPublish, PublishResponse> send)
    {
        var request = takeRequest(Session);
        if (request is null)
        {
            return;
        }

        var message = new NotificationMessage
        {
            SequenceNumber = NextSequenceNumber(),
            PublishTime = DateTime.UtcNow,
            NotificationData = [NotificationTypes.EncodeStatusChange(StatusCode.BadTimeout)],
        };
        send(request, Response(request, message, false));
    }

    private PublishResponse Response(PendingPublish request, NotificationMessage message, bool more) => new()
    {
        ResponseHeader = ResponseHeader.For(request.Header),
        SubscriptionId = Id,
        AvailableSequenceNumbers = AvailableSequenceNumbers,
        MoreNotifications = more,
        NotificationMessage = message,
        Results = request.AcknowledgementResults,
    };

    private uint NextSequenceNumber()
    {
        var n = _nextSequenceNumber;
        _nextSequenceNumber = n == uint.MaxValue ? 1 : n + 1;
        return n;
    }

    private void Remember(NotificationMessage message)
    {
        _retransmission[message.SequenceNumber] = message;
        while (_retransmission.Count > _retransmissionLimit)
        {
            _retransmission.Remove(_retransmission.Keys.First());
        }
    }

    public bool Acknowledge(uint sequenceNumber) => _retransmission.Remove(sequenceNumber);

    public NotificationMessage? Find(uint sequenceNumber) => _retransmission.GetValueOrDefault(sequenceNumber);
}
