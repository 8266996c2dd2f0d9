using System.Diagnostics;
using Twin.Interop.Tests.Network;
using Twin.Interop.Tests.Peers;
using Twin.OpcUa.Client;

namespace Twin.Interop.Tests.ClientInterop;

/// <summary>
/// Long outages against a real node-opcua server: the server expires our subscription while we are away (and tells
/// us so, late, in a StatusChangeNotification), or is away for longer than the client's reconnect backoff has grown.
/// The client must end up with exactly one live subscription on the server, and be back as soon as the server is.
/// </summary>
[Collection(NodeOpcUaServerCollection.Name)]
public sealed class ClientOutageAgainstNodeOpcUaTests(NodeOpcUaServerFixture fixture, Xunit.Abstractions.ITestOutputHelper log)
{
    private static readonly TimeSpan ChangeTimeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task An_outage_longer_than_the_subscription_lifetime_leaves_exactly_one_live_subscription_on_the_server()
    {
        var server = fixture.Server;
        var before = await server.SubscriptionCountAsync();
        await using var proxy = new TcpCutProxy(server.Port);
        await using var client = await OurClient.ConnectAsync(proxy.Rewrite(server.EndpointUrl));
        var received = new ReceivedChanges();
        var subscription = await client.CreateSubscriptionAsync(
            // A short lifetime (asked: 100 ms x 15), so the outage below outlives it; the session (2 minutes) does not expire.
            new SubscriptionOptions { PublishingInterval = TimeSpan.FromMilliseconds(100), KeepAliveCount = 5, LifetimeCount = 15 },
            received.OnDataChange);
        subscription.NotificationGap += received.OnGap;
        var items = await subscription.AddMonitoredItemsAsync([new MonitoredItemOptions(OurClient.GoodCount) { SamplingInterval = TimeSpan.Zero, QueueSize = 100 }]);
        var goodCount = items[0].ClientHandle;
        var start = (uint)(await received.NextAsync(goodCount, ChangeTimeout, "initial GoodCount")).Value.Value.Value!;
        Assert.Equal(before + 1, await server.SubscriptionCountAsync());
        var firstId = subscription.Id;

        var reconnected = OurClient.WhenStateChangeAsync(client, OurClient.Reconnected, TimeSpan.FromSeconds(40), "after the outage");
        proxy.RefuseConnections = true;
        proxy.CutAll();
        // Outlive the lifetime the server granted (it may revise what was asked) by a few seconds.
        var lifetime = subscription.RevisedPublishingInterval * subscription.RevisedLifetimeCount;
        log.WriteLine($"granted: publishing {subscription.RevisedPublishingInterval.TotalMilliseconds} ms, lifetime count {subscription.RevisedLifetimeCount} = {lifetime.TotalSeconds} s");
        Assert.True(lifetime < TimeSpan.FromSeconds(20), $"node-opcua granted a {lifetime.TotalSeconds} s lifetime; the test needs a short one");
        await Task.Delay(lifetime + TimeSpan.FromSeconds(3));
        proxy.RefuseConnections = false;
        await reconnected;

        await server.TickAsync(2);
        await received.CollectUntilAsync(goodCount, c => (uint)c.Value.Value.Value! >= start + 2, ChangeTimeout, "GoodCount +2 after the outage");
        // Give a late status change or a second publish worker time to do harm, then count on the server.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var after = await server.SubscriptionCountAsync();
        log.WriteLine($"subscriptions on the server: {before} before, {after} after; ours {firstId} -> {subscription.Id}; gaps: " +
            string.Join("; ", received.Gaps.Select(g => $"{g.SubscriptionId}: {g.Reason}")));
        Assert.NotEqual(firstId, subscription.Id); // it expired on the server and was recreated
        Assert.Equal(before + 1, after);
        Assert.Contains(received.Gaps, g => g.MissingMessageCount == -1 && g.SubscriptionId == subscription.Id);

        await server.TickAsync(1);
        await received.CollectUntilAsync(goodCount, c => (uint)c.Value.Value.Value! >= start + 3, ChangeTimeout, "GoodCount +3 on the one subscription");
    }

    [Fact]
    public async Task After_a_long_server_outage_data_flows_again_within_2_s_of_the_server_answering()
    {
        // The product's backoff (250 ms doubling to 30 s): after 12 s away the client is in an 8 s wait, which alone
        // would put the return 4 s after the server. Restarted in place on the same port, like the restart test.
        var server = fixture.Server;
        await using var client = await OurClient.ConnectAsync(server.EndpointUrl,
            o => o with { ReconnectMinDelay = TimeSpan.FromMilliseconds(250), ReconnectMaxDelay = TimeSpan.FromSeconds(30) });
        var received = new ReceivedChanges();
        var (_, items) = await OurClient.SubscribeAsync(client, received, OurClient.GoodCount);
        var goodCount = items[0].ClientHandle;
        await received.NextAsync(goodCount, ChangeTimeout, "initial GoodCount");
        var reconnected = OurClient.WhenStateChangeAsync(client, OurClient.Reconnected, TimeSpan.FromSeconds(60), "after the server came back");

        await server.KillAsync();
        await Task.Delay(TimeSpan.FromSeconds(12));
        await server.RestartAsync(paused: true, startCount: 200_000);
        var back = Stopwatch.StartNew();
        await reconnected;
        var connectedAfter = back.Elapsed;
        await received.CollectUntilAsync(goodCount, c => (uint)c.Value.Value.Value! == 200_000, ChangeTimeout, "the restarted server's GoodCount");
        var dataAfter = back.Elapsed;

        log.WriteLine($"server answering -> reconnected {connectedAfter.TotalMilliseconds:0} ms, first value {dataAfter.TotalMilliseconds:0} ms");
        Assert.True(dataAfter < TimeSpan.FromSeconds(2),
            $"data came back {dataAfter.TotalSeconds:0.0} s after the server was reachable (reconnected after {connectedAfter.TotalSeconds:0.0} s); the target is 2 s");
    }
}
