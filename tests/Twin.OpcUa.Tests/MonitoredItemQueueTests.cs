using Twin.OpcUa.Encoding;
using Twin.OpcUa.Server;
using Twin.OpcUa.Server.Sampling;
using Twin.OpcUa.Services;

namespace Twin.OpcUa.Tests;

/// <summary>
/// The server's monitored-item queue when values come faster than they are published: the value
/// next to a discarded one carries the Overflow info bit (Part 4 §5.12.1.5), so a client sees the loss
/// even though no notification message went missing.
/// </summary>
public sealed class MonitoredItemQueueTests
{
    [Fact]
    public void Discard_oldest_drops_the_oldest_and_marks_the_next_value_as_overflowed()
    {
        var item = Item(queueSize: 3, discardOldest: true);
        Push(item, 1, 2, 3, 4, 5);

        var drained = Drain(item);

        Assert.Equal([3.0, 4.0, 5.0], drained.Select(n => n.Value.Value.ToDouble()));
        Assert.Equal([true, false, false], drained.Select(n => n.Value.StatusCode.IsOverflow));
        Assert.True(drained[0].Value.StatusCode.IsGood, "the Overflow info bit must not change the severity");
    }

    [Fact]
    public void Discard_newest_replaces_the_last_value_and_marks_it_as_overflowed()
    {
        var item = Item(queueSize: 3, discardOldest: false);
        Push(item, 1, 2, 3, 4, 5);

        var drained = Drain(item);

        Assert.Equal([1.0, 2.0, 5.0], drained.Select(n => n.Value.Value.ToDouble()));
        Assert.Equal([false, false, true], drained.Select(n => n.Value.StatusCode.IsOverflow));
    }

    [Fact]
    public void A_queue_of_one_keeps_the_latest_value_without_the_overflow_bit()
    {
        var item = Item(queueSize: 1, discardOldest: true);
        Push(item, 1, 2, 3);

        var drained = Drain(item);

        Assert.Equal([3.0], drained.Select(n => n.Value.Value.ToDouble()));
        Assert.False(drained[0].Value.StatusCode.IsOverflow);
    }

    [Fact]
    public void Values_keep_their_order_when_drained_in_parts_and_the_queue_grows_after_wrapping()
    {
        var item = Item(queueSize: 10, discardOldest: true);
        Push(item, 1, 2, 3);
        var first = new List<MonitoredItemNotification>();
        item.Drain(first, 2);
        Push(item, 4, 5, 6, 7, 8, 9, 10, 11, 12);

        var rest = Drain(item);

        Assert.Equal([1.0, 2.0], first.Select(n => n.Value.Value.ToDouble()));
        Assert.Equal(Enumerable.Range(3, 10).Select(v => (double)v), rest.Select(n => n.Value.Value.ToDouble()));
        Assert.DoesNotContain(rest, n => n.Value.StatusCode.IsOverflow);
        Assert.False(item.HasNotifications);
    }

    [Fact]
    public void Overflow_bit_is_the_DataValue_info_type_with_bit_7_and_keeps_the_code()
    {
        var status = new StatusCode(0x40000000).WithOverflow();

        Assert.Equal(0x40000480u, status.Code);
        Assert.True(status.IsOverflow);
        Assert.True(status.IsUncertain);
        Assert.False(StatusCode.Good.IsOverflow);
        Assert.False(new StatusCode(0x00000080).IsOverflow); // bit 7 without the DataValue info type means nothing
    }

    private static MonitoredItemState Item(uint queueSize, bool discardOldest)
    {
        var gate = new object();
        var session = new SessionState(new NodeId(1u, 1), new NodeId(2u, 1), "test", TimeSpan.FromMinutes(1));
        var subscription = new SubscriptionState(gate, 1, session, 10) { PublishingInterval = 1000, MaxNotificationsPerPublish = 1000 };
        var space = new AddressSpace("urn:test");
        var node = space.AddVariable(WellKnownNodes.ObjectsFolder, new NodeId("Tag", 1), "Tag", new Variant(0.0));
        var request = new MonitoredItemCreateRequest
        {
            ItemToMonitor = new ReadValueId { NodeId = node.NodeId },
            RequestedParameters = new MonitoringParameters { ClientHandle = 7, QueueSize = queueSize, DiscardOldest = discardOldest, SamplingInterval = 0 },
        };
        return new MonitoredItemState(subscription, 1, request, node, samplingInterval: 0, queueSize, TimestampsToReturn.Both);
    }

    private static void Push(MonitoredItemState item, params double[] values)
    {
        foreach (var value in values)
        {
            item.Enqueue(new DataValue(new Variant(value), StatusCode.Good, DateTime.UtcNow, DateTime.UtcNow), force: false);
        }
    }

    private static List<MonitoredItemNotification> Drain(MonitoredItemState item)
    {
        var drained = new List<MonitoredItemNotification>();
        item.Drain(drained, 100);
        return drained;
    }
}
