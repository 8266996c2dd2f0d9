using Twin.OpcUa.Client;
using Twin.OpcUa.Encoding;
using Twin.OpcUa.Services;

namespace Twin.Interop.Tests.ClientInterop;

/// <summary>Our OPC UA client set up the way the interop tests need it: quick reconnects, one subscription helper.</summary>
internal static class OurClient
{
    public static readonly NodeId GoodCount = NodeId.Parse("ns=2;s=Line1.Press3.GoodCount");
    public static readonly NodeId Temperature = NodeId.Parse("ns=2;s=Line1.Press3.Temperature");

    public static async Task<OpcUaClient> ConnectAsync(string endpointUrl, Func<OpcUaClientOptions, OpcUaClientOptions>? adjust = null)
    {
        var options = new OpcUaClientOptions
        {
            EndpointUrl = endpointUrl,
            SessionName = "Twin interop test",
            ReconnectMinDelay = TimeSpan.FromMilliseconds(100),
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(500),
            KeepAliveInterval = TimeSpan.FromSeconds(2),
            KeepAliveTimeout = TimeSpan.FromSeconds(2),
        };
        var client = new OpcUaClient(adjust is null ? options : adjust(options));
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await client.ConnectAsync(cts.Token);
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    /// <summary>A fast subscription whose items report every change (sampling interval 0, deep queues).</summary>
    public static async Task<(OpcUaSubscription Subscription, IReadOnlyList<MonitoredItem> Items)> SubscribeAsync(
        OpcUaClient client, ReceivedChanges into, params NodeId[] nodes)
    {
        var subscription = await client.CreateSubscriptionAsync(
            new SubscriptionOptions { PublishingInterval = TimeSpan.FromMilliseconds(50), KeepAliveCount = 20, LifetimeCount = 600 },
            into.OnDataChange);
        subscription.NotificationGap += into.OnGap;
        var items = await subscription.AddMonitoredItemsAsync(nodes.Select(n => new MonitoredItemOptions(n)
        {
            SamplingInterval = TimeSpan.Zero,
            QueueSize = 100,
            Timestamps = TimestampsToReturn.Both,
        }));
        foreach (var item in items)
        {
            Assert.True(item.Status.IsGood, $"node-opcua refused monitored item {item.NodeId}: {item.Status}");
        }

        return (subscription, items);
    }

    /// <summary>
    /// Starts watching for a connection-state change (register before causing it): completes when
    /// the client reports a change that matches, e.g. Reconnecting → Connected.
    /// </summary>
    public static Task WhenStateChangeAsync(OpcUaClient client, Func<ConnectionStateChangedEventArgs, bool> match, TimeSpan timeout, string phase)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var seen = new System.Collections.Concurrent.ConcurrentQueue<string>();
        void Handler(object? sender, ConnectionStateChangedEventArgs e)
        {
            seen.Enqueue($"{e.Previous}->{e.Current} ({e.Reason})");
            if (match(e))
            {
                reached.TrySetResult();
            }
        }

        client.ConnectionStateChanged += Handler;
        return Wait();

        async Task Wait()
        {
            try
            {
                await reached.Task.WaitAsync(timeout);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"{phase}: no matching state change within {timeout.TotalSeconds} s; saw [{string.Join("; ", seen)}], now {client.State}.");
            }
            finally
            {
                client.ConnectionStateChanged -= Handler;
            }
        }
    }

    /// <summary>Reconnecting → Connected.</summary>
    public static bool Reconnected(ConnectionStateChangedEventArgs e) => e.Previous == ConnectionState.Reconnecting && e.Current == ConnectionState.Connected;
}
