using Twin.OpcUa.Encoding;

namespace Twin.OpcUa.Services;

/// <summary>
/// The contents of one Publish (or Republish) response: all value changes of one notification
/// message, decoded into a reused array of structs so a steady stream of numeric changes does not
/// allocate. A batch is only valid during the callback that receives it — copy what you keep.
/// </summary>
public sealed class DataChangeBatch
{
    private MonitoredItemNotification[] _notifications = new MonitoredItemNotification[64];
    private uint[] _available = new uint[16];
    private StatusCode[] _ackResults = new StatusCode[8];

    /// <summary>Result of the whole Publish call.</summary>
    public StatusCode ServiceResult { get; internal set; }

    /// <summary>The subscription the changes belong to.</summary>
    public uint SubscriptionId { get; internal set; }

    /// <summary>Sequence number of the notification message.</summary>
    public uint SequenceNumber { get; internal set; }

    /// <summary>When the server published the message (some servers send MinValue).</summary>
    public DateTime PublishTime { get; internal set; }

    /// <summary>True when the server has more notifications waiting.</summary>
    public bool MoreNotifications { get; internal set; }

    /// <summary>True when this message came from Republish (recovering a missed message).</summary>
    public bool IsRepublished { get; internal set; }

    /// <summary>True for a keep-alive: no notifications, sequence number not consumed.</summary>
    public bool IsKeepAlive => Count == 0 && SubscriptionStatus is null && EventCount == 0 && !_hadNotificationData;

    private bool _hadNotificationData;

    /// <summary>Number of value changes.</summary>
    public int Count { get; private set; }

    /// <summary>The value changes, in the order the server sent them.</summary>
    public ReadOnlySpan<MonitoredItemNotification> Notifications => _notifications.AsSpan(0, Count);

    /// <summary>Set when the message carried a StatusChangeNotification (e.g. BadTimeout: the subscription died).</summary>
    public StatusCode? SubscriptionStatus { get; internal set; }

    /// <summary>
    /// Value changes carrying the Overflow info bit: the server's queue for that item was full and
    /// dropped values next to this one. Non-zero means data were lost on the server although no
    /// notification message was missing; raise the item's QueueSize or lower the sampling rate.
    /// </summary>
    public int OverflowCount { get; internal set; }

    /// <summary>Event notifications received (events are not decoded yet; they are counted).</summary>
    public int EventCount { get; internal set; }

    /// <summary>Sequence numbers the server still holds for Republish.</summary>
    public ReadOnlySpan<uint> AvailableSequenceNumbers => _available.AsSpan(0, AvailableCount);

    internal int AvailableCount { get; private set; }

    internal ReadOnlySpan<StatusCode> AcknowledgementResults => _ackResults.AsSpan(0, AckResultCount);

    internal int AckResultCount { get; private set; }

    internal void Clear()
    {
        Count = 0;
        AvailableCount = 0;
        AckResultCount = 0;
        SubscriptionStatus = null;
        EventCount = 0;
        OverflowCount = 0;
        MoreNotifications = false;
        IsRepublished = false;
        _hadNotificationData = false;
        ServiceResult = StatusCode.Good;
        SubscriptionId = 0;
        SequenceNumber = 0;
        PublishTime = default;
    }

    internal void MarkNotificationData() => _hadNotificationData = true;

    internal ref MonitoredItemNotification AddNotification()
    {
        if (Count == _notifications.Length)
        {
            Array.Resize(ref _notifications, _notifications.Length * 2);
        }

        return ref _notifications[Count++];
    }

    internal void EnsureNotificationCapacity(int extra)
    {
        if (Count + extra > _notifications.Length)
        {
            Array.Resize(ref _notifications, Math.Max(_notifications.Length * 2, Count + extra));
        }
    }

    internal void AddAvailable(uint sequenceNumber)
    {
        if (AvailableCount == _available.Length)
        {
            Array.Resize(ref _available, _available.Length * 2);
        }

        _available[AvailableCount++] = sequenceNumber;
    }

    internal void AddAckResult(StatusCode status)
    {
        if (AckResultCount == _ackResults.Length)
        {
            Array.Resize(ref _ackResults, _ackResults.Length * 2);
        }

        _ackResults[AckResultCount++] = status;
    }

    /// <summary>Copies the notifications (for callers that keep them past the callback).</summary>
    public MonitoredItemNotification[] ToArray() => Notifications.ToArray();
}
