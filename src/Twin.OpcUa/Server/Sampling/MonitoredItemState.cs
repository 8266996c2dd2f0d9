using Twin.OpcUa.Encoding;
using Twin.OpcUa.Services;

namespace Twin.OpcUa.Server.Sampling;

/// <summary>
/// Server side of one monitored item. Sampling is change-driven: the variable pushes each new
/// value; values arriving within one sampling interval replace each other (the last one in the
/// interval is what a periodic sampler would have seen), and the queue keeps at most QueueSize.
/// </summary>
internal sealed class MonitoredItemState
{
    private readonly ValueQueue _queue = new();
    private DataValue _last;
    private bool _hasLast;
    private long _lastQueuedAt;

    public MonitoredItemState(SubscriptionState subscription, uint id, MonitoredItemCreateRequest request, AddressSpaceNode node, double samplingInterval, uint queueSize, TimestampsToReturn timestamps)
    {
        Subscription = subscription;
        Id = id;
        ClientHandle = request.RequestedParameters.ClientHandle;
        AttributeId = request.ItemToMonitor.AttributeId;
        Node = node;
        SamplingInterval = samplingInterval;
        QueueSize = queueSize;
        DiscardOldest = request.RequestedParameters.DiscardOldest;
        Timestamps = timestamps;
        Mode = request.MonitoringMode;
    }

    public SubscriptionState Subscription { get; set; }
    public uint Id { get; }
    public uint ClientHandle { get; }
    public uint AttributeId { get; }
    public AddressSpaceNode Node { get; }
    public double SamplingInterval { get; }
    public uint QueueSize { get; }
    public bool DiscardOldest { get; }
    public TimestampsToReturn Timestamps { get; }
    public MonitoringMode Mode { get; }

    public bool HasNotifications => _queue.Count > 0;

    /// <summary>Called by the variable on every change (any thread).</summary>
    public void OnValueChanged(DataValue value)
    {
        lock (Subscription.Gate)
        {
            Enqueue(value, force: false);
        }
    }

    /// <summary>Queues a value; caller holds the gate.</summary>
    public void Enqueue(DataValue value, bool force)
    {
        if (Mode != MonitoringMode.Reporting)
        {
            return;
        }

        // Default DataChangeFilter trigger StatusValue: time stamp alone is not a change.
        if (!force && _hasLast && value.Value.Equals(_last.Value) && value.StatusCode == _last.StatusCode)
        {
            return;
        }

        _last = value;
        _hasLast = true;
        var now = Environment.TickCount64;
        if (SamplingInterval > 0 && _queue.Count > 0 && now - _lastQueuedAt < SamplingInterval)
        {
            _queue.Newest = value;
            return;
        }

        _lastQueuedAt = now;
        if (_queue.Count >= QueueSize)
        {
            // A value was lost: Part 4 §5.12.1.5 marks the value next to the gap with the Overflow
            // info bit so the client can tell (never for a queue of one, where replacing is the point).
            var overflow = QueueSize > 1;
            if (DiscardOldest)
            {
                _queue.RemoveOldest();
                if (overflow)
                {
                    _queue.Oldest = WithOverflow(_queue.Oldest);
                }
            }
            else
            {
                _queue.Newest = overflow ? WithOverflow(value) : value;
                return;
            }
        }

        _queue.Add(value);
        if (!InReadyQueue)
        {
            // Publishing drains only items that have something, so thousands of idle tags cost nothing per publish.
            InReadyQueue = true;
            Subscription.Ready.Enqueue(this);
        }
    }

    private static DataValue WithOverflow(DataValue value) => value with { StatusCode = value.StatusCode.WithOverflow() };

    /// <summary>True while the item sits in its subscription's ready queue; guarded by the gate.</summary>
    public bool InReadyQueue { get; set; }

    /// <summary>Forgets queued values (item deleted); caller holds the gate.</summary>
    public void ClearQueue() => _queue.Clear();

    /// <summary>Moves up to <paramref name="max"/> queued values into <paramref name="target"/>; caller holds the gate.</summary>
    public int Drain(List<MonitoredItemNotification> target, int max)
    {
        var take = Math.Min(max, _queue.Count);
        for (var i = 0; i < take; i++)
        {
            var v = _queue.RemoveOldest();
            var stamped = new DataValue(v.Value, v.StatusCode,
                Timestamps is TimestampsToReturn.Source or TimestampsToReturn.Both ? v.SourceTimestamp : default,
                Timestamps is TimestampsToReturn.Server or TimestampsToReturn.Both ? v.ServerTimestamp : default);
            target.Add(new MonitoredItemNotification(ClientHandle, stamped));
        }

        return take;
    }

    /// <summary>Queues the current value (first sample, or initial values after a transfer); caller holds the gate.</summary>
    public void QueueCurrentValue()
    {
        var value = Node is VariableNode variable && AttributeId == AttributeIds.Value
            ? variable.Value
            : Node.ReadAttribute(AttributeId, TimestampsToReturn.Both, DateTime.UtcNow);
        Enqueue(value, force: true);
    }
}
