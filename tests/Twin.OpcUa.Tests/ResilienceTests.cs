using System.Collections.Concurrent;
using Twin.OpcUa.Client;
using Twin.OpcUa.Encoding;
using Twin.OpcUa.Server;
using Twin.OpcUa.Services;

namespace Twin.OpcUa.Tests;

/// <summary>Connection loss, reconnect, session reactivation, Republish and gap reporting, over real TCP.</summary>
public sealed class ResilienceTests
{
    private sealed class Recorder
    {
        private readonly ConcurrentQueue<(uint Value, bool Republished)> _values = new();
        private readonly ConcurrentDictionary<uint, TaskCompletionSource> _waiters = new();

        public IReadOnlyList<uint> Values => _values.Select(v => v.Value).ToList();
        public IReadOnlyList<uint> Republished => _values.Where(v => v.Republished).Select(v => v.Value).ToList();

        public void OnData(OpcUaSubscription subscription, DataChangeBatch batch)
        {
            foreach (var n in batch.Notifications)
            {
                var value = (uint)n.Value.Value.Value!;
                _values.Enqueue((value, batch.IsRepublished));
                Waiter(value).TrySetResult();
            }
        }

        public Task Seen(uint value) => LoopbackServer.WaitAsync(Waiter(value).Task, $"value {value} to be delivered");

        private TaskCompletionSource Waiter(uint value) => _waiters.GetOrAdd(value, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
    }

    private static Task WaitForState(OpcUaClient client, ConnectionState state, string why)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.ConnectionStateChanged += (_, e) =>
        {
            if (e.Current == state)
            {
                reached.TrySetResult();
            }
        };
        return LoopbackServer.WaitAsync(reached.Task, why);
    }

    private static async Task<(OpcUaSubscription, MonitoredItem)> SubscribeCount(OpcUaClient client, Recorder recorder, uint keepAliveCount = 4)
    {
        var subscription = await client.CreateSubscriptionAsync(new SubscriptionOptions { PublishingInterval = TimeSpan.FromMilliseconds(50), KeepAliveCount = keepAliveCount }, recorder.OnData);
        var items = await subscription.AddMonitoredItemsAsync([new MonitoredItemOptions(LoopbackServer.Count) { QueueSize = 100, SamplingInterval = TimeSpan.Zero }]);
        return (subscription, items[0]);
    }

    [Fact]
    public async Task Client_reconnects_and_reactivates_its_session_after_the_server_drops_the_connection()
    {
        await using var server = await LoopbackServer.StartAsync();
        await using var client = new OpcUaClient(LoopbackServer.ClientOptions(server));
        await client.ConnectAsync();
        var recorder = new Recorder();
        await SubscribeCount(client, recorder);
        await recorder.Seen(0);
        var sessionBefore = client.SessionId;
        var reconnecting = WaitForState(client, ConnectionState.Reconnecting, "the client to notice the dropped connection");
        var connected = WaitForState(client, ConnectionState.Connected, "the client to reconnect");

        server.DropAllConnections();
        await reconnecting;
        await connected;

        Assert.Equal(sessionBefore, client.SessionId);
        Assert.Equal(1, client.ReconnectCount);
        server.AddressSpace.SetValue(LoopbackServer.Count, new Variant(7u));
        await recorder.Seen(7);
        Assert.Equal(20.5, (await client.ReadValueAsync(LoopbackServer.Temperature)).Value.ToDouble());
    }

    [Fact]
    public async Task Notifications_lost_on_a_broken_link_are_recovered_by_Republish()
    {
        await using var server = await LoopbackServer.StartAsync();
        await using var proxy = new TcpProxy(server.Port);
        var log = new CollectingLogger<OpcUaClient>();
        // Only the test's CutAll may end the broken link (see the gap test below for why the watchdog is slowed).
        await using var client = new OpcUaClient(LoopbackServer.ClientOptions(server) with { EndpointUrl = proxy.EndpointUrl, KeepAliveInterval = TimeSpan.FromSeconds(60) }, log);
        await client.ConnectAsync();
        var recorder = new Recorder();
        var (subscription, _) = await SubscribeCount(client, recorder);
        server.PublishResponseSent += r => log.Log(Microsoft.Extensions.Logging.LogLevel.Trace, default, $"server sent seq {r.NotificationMessage.SequenceNumber} data={r.NotificationMessage.NotificationData.Count} avail={string.Join(",", r.AvailableSequenceNumbers)}", null, (x, _) => x);
        var gaps = new ConcurrentQueue<NotificationGapEventArgs>();
        subscription.NotificationGap += (_, g) => gaps.Enqueue(g);
        var variable = server.AddressSpace.GetVariable(LoopbackServer.Count);
        variable.SetValue(new Variant(1u));
        await recorder.Seen(1);

        var lostMessageSent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        proxy.DropServerBytes();
        server.PublishResponseSent += r =>
        {
            if (r.NotificationMessage.NotificationData.Count > 0)
            {
                lostMessageSent.TrySetResult();
            }
        };
        variable.SetValue(new Variant(2u));
        variable.SetValue(new Variant(3u));
        await LoopbackServer.WaitAsync(lostMessageSent.Task, "the server to send values 2 and 3 into the broken link");
        var connected = WaitForState(client, ConnectionState.Connected, "the client to reconnect through the proxy");
        proxy.CutAll();
        await connected;

        await recorder.Seen(3);
        variable.SetValue(new Variant(4u));
        await recorder.Seen(4);
        Assert.Equal([0u, 1, 2, 3, 4], recorder.Values);
        Assert.Equal([2u, 3], recorder.Republished);
        Assert.True(gaps.IsEmpty, string.Join("; ", gaps.Select(g => $"gap from {g.FirstMissingSequenceNumber}: {g.MissingMessageCount} missing, {g.RecoveredMessageCount} recovered, {g.Reason}")) + log.Text);
    }

    [Fact]
    public async Task Messages_the_server_no_longer_holds_are_reported_as_a_gap_with_its_size()
    {
        await using var server = await LoopbackServer.StartAsync(new OpcUaServerOptions { RetransmissionQueueSize = 1 });
        await using var proxy = new TcpProxy(server.Port);
        // The test cuts the link itself once all three messages are lost; the client's own dead-link watchdog
        // (1 s of silence + 2 s read timeout in the loopback options) must not reconnect earlier, which it did on a
        // loaded machine: part of the messages then arrived on the new connection and the gap came out smaller.
        await using var client = new OpcUaClient(LoopbackServer.ClientOptions(server) with { EndpointUrl = proxy.EndpointUrl, KeepAliveInterval = TimeSpan.FromSeconds(60) });
        await client.ConnectAsync();
        var recorder = new Recorder();
        // Keep-alives every 5 s, not every 200 ms: into the broken link they would use up the client's outstanding
        // Publish requests, and the server could not send the next value until the client timed one out.
        var (subscription, _) = await SubscribeCount(client, recorder, keepAliveCount: 100);
        var gap = new TaskCompletionSource<NotificationGapEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        subscription.NotificationGap += (_, g) => gap.TrySetResult(g);
        var variable = server.AddressSpace.GetVariable(LoopbackServer.Count);
        await recorder.Seen(0);

        proxy.DropServerBytes();
        for (var value = 1u; value <= 3; value++)
        {
            var sent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            void OnSent(PublishResponse r)
            {
                if (r.NotificationMessage.NotificationData.Count > 0)
                {
                    sent.TrySetResult();
                }
            }

            server.PublishResponseSent += OnSent;
            variable.SetValue(new Variant(value));
            await LoopbackServer.WaitAsync(sent.Task, $"the server to send value {value} into the broken link");
            server.PublishResponseSent -= OnSent;
        }

        proxy.CutAll();
        var reported = await LoopbackServer.WaitAsync(gap.Task, "the gap report");
        await recorder.Seen(3);

        Assert.True(reported.MissingMessageCount == 2,
            $"gap from {reported.FirstMissingSequenceNumber}: {reported.MissingMessageCount} missing, {reported.RecoveredMessageCount} recovered ({reported.Reason})");
        Assert.Equal(1, reported.RecoveredMessageCount);
        Assert.Equal(subscription.Id, reported.SubscriptionId);
        Assert.Equal([0u, 3], recorder.Values);
    }

    [Fact]
    public async Task After_a_server_restart_the_client_creates_a_new_session_recreates_subscriptions_and_reports_an_unknown_gap()
    {
        var first = await LoopbackServer.StartAsync();
        var port = first.Port;
        await using var proxy = new TcpProxy(port);
        await using var client = new OpcUaClient(LoopbackServer.ClientOptions(first) with { EndpointUrl = proxy.EndpointUrl });
        await client.ConnectAsync();
        var recorder = new Recorder();
        var (subscription, _) = await SubscribeCount(client, recorder);
        var gap = new TaskCompletionSource<NotificationGapEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        subscription.NotificationGap += (_, g) => gap.TrySetResult(g);
        await recorder.Seen(0);
        var sessionBefore = client.SessionId;

        await first.DisposeAsync();
        await using var second = await LoopbackServer.StartAsync(new OpcUaServerOptions { Port = 0 });
        proxy.Retarget(second.Port);
        second.AddressSpace.SetValue(LoopbackServer.Count, new Variant(42u));

        var reported = await LoopbackServer.WaitAsync(gap.Task, "the gap report after the restart");
        await recorder.Seen(42);
        Assert.Equal(-1, reported.MissingMessageCount);
        Assert.NotEqual(sessionBefore, client.SessionId);
        Assert.Equal(ConnectionState.Connected, client.State);
    }

    [Fact]
    public async Task A_silent_connection_is_detected_by_the_keep_alive_timeout_and_replaced()
    {
        await using var server = await LoopbackServer.StartAsync();
        await using var proxy = new TcpProxy(server.Port);
        await using var client = new OpcUaClient(LoopbackServer.ClientOptions(server) with { EndpointUrl = proxy.EndpointUrl });
        await client.ConnectAsync();
        var reasons = new System.Collections.Concurrent.ConcurrentQueue<string>();
        client.ConnectionStateChanged += (_, e) => reasons.Enqueue(e.Reason);
        var connected = WaitForState(client, ConnectionState.Connected, "the client to replace the silent connection");

        proxy.DropServerBytes();
        await connected;

        Assert.Contains(reasons, r => r.Contains("keep-alive", StringComparison.Ordinal));
        Assert.Equal(20.5, (await client.ReadValueAsync(LoopbackServer.Temperature)).Value.ToDouble());
    }

    [Fact]
    public async Task When_the_server_dropped_the_session_the_subscription_is_transferred_to_a_new_session()
    {
        await using var server = await LoopbackServer.StartAsync();
        await using var proxy = new TcpProxy(server.Port);
        await using var client = new OpcUaClient(LoopbackServer.ClientOptions(server) with { EndpointUrl = proxy.EndpointUrl, SessionTimeout = TimeSpan.FromSeconds(1) });
        await client.ConnectAsync();
        var recorder = new Recorder();
        var subscription = await client.CreateSubscriptionAsync(
            new SubscriptionOptions { PublishingInterval = TimeSpan.FromMilliseconds(50), KeepAliveCount = 4, LifetimeCount = 400 }, recorder.OnData);
        await subscription.AddMonitoredItemsAsync([new MonitoredItemOptions(LoopbackServer.Count) { QueueSize = 100, SamplingInterval = TimeSpan.Zero }]);
        var gaps = new ConcurrentQueue<NotificationGapEventArgs>();
        subscription.NotificationGap += (_, g) => gaps.Enqueue(g);
        await recorder.Seen(0);
        var sessionBefore = client.SessionId;
        var subscriptionBefore = subscription.Id;
        var reconnected = WaitForState(client, ConnectionState.Connected, "the client to reconnect after the dead link");

        proxy.DropAllBytes();
        await LoopbackServer.WaitAsync(Task.Run(async () =>
        {
            // Polling with a deadline: the server has no event for a session timing out.
            while (server.SessionCount > 0)
            {
                await Task.Delay(50);
            }
        }), "the server to time the session out");
        await reconnected;
        server.AddressSpace.SetValue(LoopbackServer.Count, new Variant(5u));
        await recorder.Seen(5);

        Assert.NotEqual(sessionBefore, client.SessionId);
        Assert.Equal(subscriptionBefore, subscription.Id);
        Assert.DoesNotContain(gaps, g => g.MissingMessageCount < 0);
    }

    [Fact]
    public async Task Secure_channel_token_is_renewed_before_it_expires_and_requests_keep_working()
    {
        await using var server = await LoopbackServer.StartAsync();
        await using var client = new OpcUaClient(LoopbackServer.ClientOptions(server) with { SecureChannelLifetime = TimeSpan.FromSeconds(1) });
        var renewals = new ConcurrentQueue<ChannelSecurityToken>();
        var twice = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.SecureChannelRenewed += (_, token) =>
        {
            renewals.Enqueue(token);
            if (renewals.Count >= 2)
            {
                twice.TrySetResult();
            }
        };
        await client.ConnectAsync();

        await LoopbackServer.WaitAsync(twice.Task, "two token renewals");
        var tokens = renewals.ToArray();
        Assert.Equal(tokens[0].ChannelId, tokens[1].ChannelId);
        Assert.True(tokens[1].TokenId > tokens[0].TokenId);
        Assert.Equal(20.5, (await client.ReadValueAsync(LoopbackServer.Temperature)).Value.ToDouble());
        Assert.Equal(0, client.ReconnectCount);
    }

    [Fact]
    public async Task A_subscription_the_server_times_out_is_recreated_and_reported_as_an_unknown_gap()
    {
        await using var server = await LoopbackServer.StartAsync();
        await using var proxy = new TcpProxy(server.Port);
        // Long keep-alive so the silent link is not noticed before the short subscription lifetime ends.
        await using var client = new OpcUaClient(LoopbackServer.ClientOptions(server) with
        {
            EndpointUrl = proxy.EndpointUrl, KeepAliveInterval = TimeSpan.FromSeconds(30), KeepAliveTimeout = TimeSpan.FromSeconds(30),
        });
        await client.ConnectAsync();
        var recorder = new Recorder();
        var subscription = await client.CreateSubscriptionAsync(
            new SubscriptionOptions { PublishingInterval = TimeSpan.FromMilliseconds(50), KeepAliveCount = 2, LifetimeCount = 6 }, recorder.OnData);
        await subscription.AddMonitoredItemsAsync([new MonitoredItemOptions(LoopbackServer.Count)]);
        await recorder.Seen(0);
        var gap = new TaskCompletionSource<NotificationGapEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        subscription.NotificationGap += (_, g) => gap.TrySetResult(g);
        var oldId = subscription.Id;

        // Starve the server of Publish requests: the client's requests vanish, so the subscription's lifetime runs out.
        proxy.DropAllBytes();
        await LoopbackServer.WaitAsync(Task.Run(async () =>
        {
            // Polling with a deadline: the server has no event for an expired subscription.
            while (server.SubscriptionCount > 0)
            {
                await Task.Delay(50);
            }
        }), "the server to expire the starved subscription");
        proxy.CutAll();

        var reported = await LoopbackServer.WaitAsync(gap.Task, "the recreated subscription's gap report");
        Assert.Equal(-1, reported.MissingMessageCount);
        Assert.NotEqual(oldId, subscription.Id);
        server.AddressSpace.SetValue(LoopbackServer.Count, new Variant(9u));
        await recorder.Seen(9);
    }
}
