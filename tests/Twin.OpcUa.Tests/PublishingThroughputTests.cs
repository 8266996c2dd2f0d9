using System.Diagnostics;
using Twin.OpcUa.Client;
using Twin.OpcUa.Encoding;
using Twin.OpcUa.Server;
using Twin.OpcUa.Services;

namespace Twin.OpcUa.Tests;

/// <summary>
/// A busy plant produces more changes per publishing interval than one notification message holds
/// (the server caps a message at 1000). The server must then answer queued Publish requests at once
/// while MoreNotifications is true (Part 4 §5.13.1.1); one message per interval would cap delivery
/// at 10,000 changes/s at 100 ms and silently overflow the monitored-item queues.
/// </summary>
public sealed class PublishingThroughputTests
{
    private const int Items = 1000;
    private const int Rounds = 40;
    private static readonly TimeSpan WritePeriod = TimeSpan.FromMilliseconds(25);
    private static readonly TimeSpan PublishingInterval = TimeSpan.FromMilliseconds(100);

    [Fact]
    public async Task Every_change_arrives_when_items_times_changes_per_interval_exceed_one_message()
    {
        await using var server = await LoopbackServer.StartAsync();
        var folder = new NodeId("Busy", 1);
        server.AddressSpace.AddFolder(WellKnownNodes.ObjectsFolder, folder, "Busy");
        var variables = Enumerable.Range(0, Items)
            .Select(i => server.AddressSpace.AddVariable(folder, new NodeId($"Busy.{i}", 1), $"Tag{i}", new Variant(0.0)))
            .ToArray();

        await using var client = new OpcUaClient(LoopbackServer.ClientOptions(server));
        await client.ConnectAsync();

        // Per item: the values in arrival order. Handlers run one at a time per client, so plain lists are safe.
        var received = new List<double>[Items];
        for (var i = 0; i < Items; i++)
        {
            received[i] = new List<double>(Rounds + 1);
        }

        const int Expected = Items * (Rounds + 1); // initial value + one change per round
        var total = 0;
        var overflowed = 0;
        var initialValues = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var subscription = await client.CreateSubscriptionAsync(new SubscriptionOptions { PublishingInterval = PublishingInterval }, (_, batch) =>
        {
            foreach (var n in batch.Notifications)
            {
                received[n.ClientHandle - 1].Add(n.Value.Value.ToDouble());
                overflowed += n.Value.StatusCode.IsOverflow ? 1 : 0;
            }

            total += batch.Count;
            if (total >= Items)
            {
                initialValues.TrySetResult();
            }

            if (total >= Expected)
            {
                all.TrySetResult();
            }
        });

        // A queue of 40 absorbs 10 publishing intervals of this item's 4 changes per interval (room for a
        // starved timer on a busy machine): a server that keeps up loses nothing; one that sends 1000 per
        // interval falls behind by 3000 per interval and either overflows or misses the drain deadline.
        var created = await subscription.AddMonitoredItemsAsync(Enumerable.Range(0, Items).Select(i =>
            new MonitoredItemOptions(new NodeId($"Busy.{i}", 1)) { ClientHandle = (uint)(i + 1), QueueSize = 40, SamplingInterval = TimeSpan.Zero }));
        Assert.All(created, item => Assert.True(item.Status.IsGood, $"item {item.NodeId}: {item.Status}"));
        await LoopbackServer.WaitAsync(initialValues.Task, $"the initial values of {Items} items");

        var writing = Stopwatch.StartNew();
        using (var pace = new PeriodicTimer(WritePeriod))
        {
            for (var round = 1; round <= Rounds; round++)
            {
                await pace.WaitForNextTickAsync();
                foreach (var variable in variables)
                {
                    variable.SetValue(new Variant((double)round));
                }
            }
        }

        writing.Stop();

        // The server owes at most the last interval's changes when the writer stops; one that sends
        // 1000 per interval would still owe thousands (10 intervals at least).
        var drain = TimeSpan.FromSeconds(1.5);
        var finished = await Task.WhenAny(all.Task, Task.Delay(drain));
        var perSecond = Items * Rounds / writing.Elapsed.TotalSeconds;
        Assert.True(finished == all.Task,
            $"{total} of {Expected} notifications arrived within {drain.TotalSeconds} s after the last write " +
            $"(written at {perSecond:N0} changes/s over {writing.Elapsed.TotalSeconds:F2} s, {overflowed} marked Overflow)");
        Assert.Equal(Expected, total);
        Assert.Equal(0, overflowed);
        var expectedSequence = Enumerable.Range(0, Rounds + 1).Select(r => (double)r).ToArray();
        for (var i = 0; i < Items; i++)
        {
            Assert.True(expectedSequence.AsSpan().SequenceEqual(received[i].ToArray()),
                $"item {i} received [{string.Join(",", received[i])}], expected 0..{Rounds} in order");
        }
    }
}
