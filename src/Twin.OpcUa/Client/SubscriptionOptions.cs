using Twin.OpcUa.Encoding;
using Twin.OpcUa.Services;

namespace Twin.OpcUa.Client;

/// <summary>Requested settings of a subscription; the server may revise them.</summary>
public sealed record SubscriptionOptions
{
    /// <summary>How often the server sends changes.</summary>
    public TimeSpan PublishingInterval { get; init; } = TimeSpan.FromSeconds(1);
    /// <summary>Publishing intervals without changes before the server sends a keep-alive.</summary>
    public uint KeepAliveCount { get; init; } = 10;
    /// <summary>Publishing intervals without Publish requests before the server drops the subscription (at least 3 × keep-alive).</summary>
    public uint LifetimeCount { get; init; } = 60;
    /// <summary>Most notifications per response (0 = server's limit).</summary>
    public uint MaxNotificationsPerPublish { get; init; }
    /// <summary>Relative priority.</summary>
    public byte Priority { get; init; }
}

/// <summary>What to monitor and how.</summary>
public sealed record MonitoredItemOptions
{
    /// <summary>Creates options for the Value attribute of <paramref name="nodeId"/>.</summary>
    public MonitoredItemOptions(NodeId nodeId)
    {
        NodeId = nodeId;
    }

    /// <summary>The node.</summary>
    public NodeId NodeId { get; init; }
    /// <summary>The attribute (Value by default).</summary>
    public uint AttributeId { get; init; } = AttributeIds.Value;
    /// <summary>Sampling interval; null = the publishing interval.</summary>
    public TimeSpan? SamplingInterval { get; init; }
    /// <summary>Values the server queues between publishes (1 = latest only).</summary>
    public uint QueueSize { get; init; } = 1;
    /// <summary>Drop the oldest value when the queue overflows.</summary>
    public bool DiscardOldest { get; init; } = true;
    /// <summary>Handle reported with every change; 0 = let the client assign one.</summary>
    public uint ClientHandle { get; init; }
    /// <summary>Time stamps wanted (set per subscription call; Both by default).</summary>
    public TimestampsToReturn Timestamps { get; init; } = TimestampsToReturn.Both;
}

/// <summary>A monitored item as created on the server.</summary>
public sealed class MonitoredItem
{
    internal MonitoredItem(MonitoredItemOptions options, uint clientHandle)
    {
        Options = options;
        ClientHandle = clientHandle;
    }

    /// <summary>What was requested.</summary>
    public MonitoredItemOptions Options { get; }
    /// <summary>The node monitored.</summary>
    public NodeId NodeId => Options.NodeId;
    /// <summary>Handle in every notification of this item.</summary>
    public uint ClientHandle { get; }
    /// <summary>The server's id (changes when the item is recreated after a lost session).</summary>
    public uint ServerId { get; internal set; }
    /// <summary>Result of the last create (Bad: the item does not report).</summary>
    public StatusCode Status { get; internal set; }
    /// <summary>Sampling interval the server granted.</summary>
    public double RevisedSamplingInterval { get; internal set; }
    /// <summary>Queue size the server granted.</summary>
    public uint RevisedQueueSize { get; internal set; }
}

/// <summary>
/// Receives the value changes of one Publish response. Called once per response, in sequence
/// order per subscription, never concurrently for one client. The batch is reused after the call
/// returns: copy what you keep, and return quickly (hand work to a queue).
/// </summary>
public delegate void DataChangeHandler(OpcUaSubscription subscription, DataChangeBatch batch);
