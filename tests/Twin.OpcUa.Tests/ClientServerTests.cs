using System.Collections.Concurrent;
using Twin.OpcUa.Client;
using Twin.OpcUa.Encoding;
using Twin.OpcUa.Services;

namespace Twin.OpcUa.Tests;

/// <summary>Our client against our server over real loopback TCP.</summary>
public sealed class ClientServerTests
{
    [Fact]
    public async Task Browse_lists_the_plant_tree_from_the_objects_folder()
    {
        await using var server = await LoopbackServer.StartAsync();
        await using var client = new OpcUaClient(LoopbackServer.ClientOptions(server));
        await client.ConnectAsync();

        var objects = await client.BrowseAsync(WellKnownNodes.ObjectsFolder);
        Assert.Contains(objects, r => r.BrowseName.Name == "Line1" && r.NodeClass == NodeClass.Object);
        Assert.Contains(objects, r => r.BrowseName.Name == "Server");

        var press = await client.BrowseAsync(new NodeId("Line1.Press", 1));
        var names = press.Where(r => r.NodeClass == NodeClass.Variable).Select(r => r.BrowseName.Name ?? string.Empty).Order().ToArray();
        Assert.Equal(["PartCount", "State", "Temperature"], names);
    }

    [Fact]
    public async Task Browse_with_a_small_page_size_follows_continuation_points()
    {
        await using var server = await LoopbackServer.StartAsync();
        var folder = new NodeId("Many", 1);
        server.AddressSpace.AddFolder(WellKnownNodes.ObjectsFolder, folder, "Many");
        for (var i = 0; i < 25; i++)
        {
            server.AddressSpace.AddVariable(folder, new NodeId($"Many.{i}", 1), $"Tag{i}", new Variant(i));
        }

        await using var client = new OpcUaClient(LoopbackServer.ClientOptions(server));
        await client.ConnectAsync();
        var first = await client.BrowseAsync(new BrowseDescription { NodeId = folder, NodeClassMask = (uint)NodeClass.Variable }, 10);
        Assert.Equal(10, first.References.Count);
        Assert.NotNull(first.ContinuationPoint);
        var second = await client.BrowseNextAsync(first.ContinuationPoint!, release: false);
        Assert.Equal(15, second.References.Count);
        Assert.Null(second.ContinuationPoint);
    }

    [Fact]
    public async Task Read_returns_values_with_status_and_timestamps_and_unknown_nodes_are_bad()
    {
        await using var server = await LoopbackServer.StartAsync();
        await using var client = new OpcUaClient(LoopbackServer.ClientOptions(server));
        await client.ConnectAsync();

        var values = await client.ReadAsync([
            new ReadValueId { NodeId = LoopbackServer.Temperature },
            new ReadValueId { NodeId = new NodeId("Nope", 1) },
            new ReadValueId { NodeId = LoopbackServer.Temperature, AttributeId = AttributeIds.DataType },
            new ReadValueId { NodeId = WellKnownNodes.NamespaceArray },
        ]);

        Assert.Equal(20.5, values[0].Value.ToDouble());
        Assert.True(values[0].StatusCode.IsGood);
        Assert.NotEqual(default, values[0].SourceTimestamp);
        Assert.NotEqual(default, values[0].ServerTimestamp);
        Assert.Equal(StatusCode.BadNodeIdUnknown, values[1].StatusCode);
        Assert.Equal(new Variant(new NodeId(11)), values[2].Value);
        Assert.Equal(["http://opcfoundation.org/UA/", "urn:twin:plant"], (string[])values[3].Value.Value!);
    }

    [Fact]
    public async Task Write_changes_the_value_and_rejects_wrong_types_and_read_only_tags()
    {
        await using var server = await LoopbackServer.StartAsync();
        await using var client = new OpcUaClient(LoopbackServer.ClientOptions(server));
        await client.ConnectAsync();
        var written = new TaskCompletionSource<DataValue>(TaskCreationOptions.RunContinuationsAsynchronously);
        server.AddressSpace.GetVariable(LoopbackServer.Temperature).Written += (_, v) => written.TrySetResult(v);

        Assert.Equal(StatusCode.Good, await client.WriteValueAsync(LoopbackServer.Temperature, new Variant(99.25)));
        Assert.Equal(99.25, (await LoopbackServer.WaitAsync(written.Task, "the server's Written event")).Value.ToDouble());
        Assert.Equal(99.25, (await client.ReadValueAsync(LoopbackServer.Temperature)).Value.ToDouble());
        Assert.Equal(StatusCode.BadTypeMismatch, await client.WriteValueAsync(LoopbackServer.Temperature, new Variant("hot")));
        Assert.Equal(StatusCode.BadNotWritable, await client.WriteValueAsync(new NodeId("Line1.Press.State", 1), new Variant("Run")));
    }

    [Fact]
    public async Task Subscription_delivers_changes_in_order_in_batches()
    {
        await using var server = await LoopbackServer.StartAsync();
        await using var client = new OpcUaClient(LoopbackServer.ClientOptions(server));
        await client.ConnectAsync();
        var received = new ConcurrentQueue<double>();
        var gotAll = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var subscription = await client.CreateSubscriptionAsync(new SubscriptionOptions { PublishingInterval = TimeSpan.FromMilliseconds(50) }, (_, batch) =>
        {
            foreach (var n in batch.Notifications)
            {
                received.Enqueue(n.Value.Value.ToDouble());
                if (n.Value.Value.ToDouble() >= 10)
                {
                    gotAll.TrySetResult();
                }
            }
        });
        var items = await subscription.AddMonitoredItemsAsync([new MonitoredItemOptions(LoopbackServer.Count) { QueueSize = 100, SamplingInterval = TimeSpan.Zero }]);
        Assert.True(items[0].Status.IsGood, items[0].Status.ToString());

        var variable = server.AddressSpace.GetVariable(LoopbackServer.Count);
        for (var i = 1u; i <= 10; i++)
        {
            variable.SetValue(new Variant(i));
        }

        await LoopbackServer.WaitAsync(gotAll.Task, "value 10 to arrive");
        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], received.ToArray());
    }

    [Fact]
    public async Task More_changes_than_one_response_holds_arrive_in_several_responses_of_at_most_the_server_limit()
    {
        await using var server = await LoopbackServer.StartAsync();
        var folder = new NodeId("Bulk", 1);
        server.AddressSpace.AddFolder(WellKnownNodes.ObjectsFolder, folder, "Bulk");
        var ids = Enumerable.Range(0, 2500).Select(i => new NodeId($"Bulk.{i}", 1)).ToList();
        foreach (var id in ids)
        {
            server.AddressSpace.AddVariable(folder, id, id.Identifier.ToString()!, new Variant(1.0));
        }

        await using var client = new OpcUaClient(LoopbackServer.ClientOptions(server));
        await client.ConnectAsync();
        var batchSizes = new ConcurrentQueue<(int Count, bool More)>();
        var total = 0;
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var subscription = await client.CreateSubscriptionAsync(new SubscriptionOptions { PublishingInterval = TimeSpan.FromMilliseconds(50) }, (_, batch) =>
        {
            batchSizes.Enqueue((batch.Count, batch.MoreNotifications));
            if (Interlocked.Add(ref total, batch.Count) >= ids.Count)
            {
                all.TrySetResult();
            }
        });
        await subscription.AddMonitoredItemsAsync(ids.Select(id => new MonitoredItemOptions(id)));

        await LoopbackServer.WaitAsync(all.Task, "the initial values of 2500 items");
        var sizes = batchSizes.Where(b => b.Count > 0).ToList();
        Assert.All(sizes, b => Assert.True(b.Count <= 1000, $"a response carried {b.Count} notifications"));
        Assert.True(sizes.Count >= 3, $"expected at least 3 responses, got {sizes.Count}");
        Assert.Contains(sizes, b => b.More);
        Assert.Equal(2500, total);
    }

    [Fact]
    public async Task Subscription_can_be_modified_items_removed_and_the_subscription_deleted()
    {
        await using var server = await LoopbackServer.StartAsync();
        await using var client = new OpcUaClient(LoopbackServer.ClientOptions(server));
        await client.ConnectAsync();
        var seen = new ConcurrentQueue<uint>();
        var initial = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var subscription = await client.CreateSubscriptionAsync(new SubscriptionOptions { PublishingInterval = TimeSpan.FromMilliseconds(100) }, (_, batch) =>
        {
            foreach (var n in batch.Notifications)
            {
                seen.Enqueue(n.ClientHandle);
            }

            if (seen.Count >= 2)
            {
                initial.TrySetResult();
            }
        });
        var items = await subscription.AddMonitoredItemsAsync([new MonitoredItemOptions(LoopbackServer.Temperature), new MonitoredItemOptions(LoopbackServer.Count)]);
        await LoopbackServer.WaitAsync(initial.Task, "initial values of both items");

        await subscription.ModifyAsync(new SubscriptionOptions { PublishingInterval = TimeSpan.FromMilliseconds(40), KeepAliveCount = 5 });
        Assert.Equal(TimeSpan.FromMilliseconds(40), subscription.RevisedPublishingInterval);
        Assert.Equal(5u, subscription.RevisedKeepAliveCount);

        await subscription.RemoveMonitoredItemsAsync([items[0]]);
        Assert.Single(subscription.MonitoredItems);

        await subscription.DeleteAsync();
        Assert.Equal(0, server.SubscriptionCount);
        Assert.Empty(client.Subscriptions);
        Assert.Equal(ConnectionState.Connected, client.State);
    }
}
