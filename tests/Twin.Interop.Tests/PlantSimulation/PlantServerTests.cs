using System.Text.Json.Nodes;
using PlantSimulator.Simulation;
using PlantSimulator.TagMap;
using Twin.Interop.Tests.ClientInterop;
using Twin.OpcUa.Client;
using Twin.OpcUa.Encoding;
using Twin.OpcUa.Services;

namespace Twin.Interop.Tests.PlantSimulation;

/// <summary>The simulated plant as OPC UA clients see it: node-opcua's client and ours.</summary>
public sealed class PlantServerTests(PlantServerFixture fixture) : IClassFixture<PlantServerFixture>
{
    private const string Press3 = "ns=2;s=Line1.Press3";
    private static readonly TimeSpan ChangeTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(500);

    [Fact]
    public async Task Node_client_browses_and_reads_the_machine_as_simulated()
    {
        var browse = await fixture.NodeClient.RequestAsync("browse", new JsonObject { ["nodeId"] = Press3 });
        var variables = browse.GetProperty("references").EnumerateArray()
            .Where(r => r.GetProperty("nodeClass").GetString() == "Variable")
            .Select(r => r.GetProperty("nodeId").GetString())
            .ToList();
        Assert.Equal(MachineSignals.Each.Select(s => $"{Press3}.{s}"), variables);

        var read = await fixture.NodeClient.RequestAsync("read", new JsonObject { ["nodeIds"] = new JsonArray($"{Press3}.GoodCount", $"{Press3}.Status", $"{Press3}.WorkOrder") });
        var values = read.GetProperty("values").EnumerateArray().ToList();
        Assert.Equal(fixture.Press3.GoodCount, values[0].GetProperty("value").GetUInt32());
        Assert.Equal(fixture.Press3.Status.ToString(), values[1].GetProperty("value").GetString());
        Assert.Equal("UInt32", values[0].GetProperty("dataType").GetString());
    }

    [Fact]
    public async Task Node_client_receives_the_counter_exactly_as_the_machine_counts()
    {
        await fixture.NodeClient.RequestAsync("subscribe", new JsonObject
        {
            ["nodeIds"] = new JsonArray($"{Press3}.GoodCount"),
            ["publishingInterval"] = 50,
            ["samplingInterval"] = 0,
            ["queueSize"] = 100,
        });
        var initial = fixture.Press3.GoodCount;
        await fixture.NodeClient.NextChangeAsync($"{Press3}.GoodCount", ChangeTimeout, c => c.GetProperty("value").GetUInt32() == initial);

        var counted = new List<uint>();
        for (var step = 0; step < 2_000 && counted.Count < 10; step++)
        {
            var before = fixture.Press3.GoodCount;
            fixture.Server.Step(Tick, DateTime.UtcNow);
            if (fixture.Press3.GoodCount != before)
            {
                counted.Add(fixture.Press3.GoodCount);
            }
        }

        Assert.Equal(10, counted.Count);
        var seen = new List<uint>();
        while (seen.Count < counted.Count)
        {
            seen.Add((await fixture.NodeClient.NextChangeAsync($"{Press3}.GoodCount", ChangeTimeout)).GetProperty("value").GetUInt32());
        }

        Assert.Equal(counted, seen);
    }

    [Fact]
    public async Task An_MES_writing_the_work_order_changes_what_the_machine_works_on()
    {
        var answer = await fixture.NodeClient.RequestAsync("write", new JsonObject { ["nodeId"] = $"{Press3}.WorkOrder", ["dataType"] = "String", ["value"] = "WO-MES-42" });

        Assert.Equal("Good", answer.GetProperty("statusCode").GetString());
        Assert.Equal("WO-MES-42", fixture.Press3.WorkOrder);
        Assert.Equal(0, fixture.Press3.MadeOnWorkOrder);
        var counter = await fixture.NodeClient.RequestAsync("write", new JsonObject { ["nodeId"] = $"{Press3}.GoodCount", ["dataType"] = "UInt32", ["value"] = 0 });
        Assert.Equal("BadNotWritable", counter.GetProperty("statusCode").GetString());
    }

    [Fact]
    public async Task Every_node_of_the_checked_in_tag_map_exists_and_reports_every_change()
    {
        var tagMap = TagMapGenerator.FromJson(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "tagmap.plant-1.json")));
        var nodes = tagMap.Connections.Single().Tags.Select(t => NodeId.Parse(t.NodeId)).ToArray();
        await using var client = await OurClient.ConnectAsync(fixture.Server.EndpointUrl);
        var received = new CountingHandler();
        var subscription = await client.CreateSubscriptionAsync(new SubscriptionOptions { PublishingInterval = TimeSpan.FromMilliseconds(50) }, received.OnDataChange);
        var items = await subscription.AddMonitoredItemsAsync(nodes.Select(n => new MonitoredItemOptions(n) { SamplingInterval = TimeSpan.Zero, QueueSize = 10 }));

        Assert.All(items, i => Assert.True(i.Status.IsGood, $"{i.NodeId}: {i.Status}"));
        await received.WaitForAsync(nodes.Length, ChangeTimeout, "initial values of every tag");
        var updated = fixture.Server.Step(Tick, DateTime.UtcNow);
        Assert.True(updated >= fixture.Server.Plant.Machines.Count, $"a step should change at least the temperature of every machine, changed {updated}");
        await received.WaitForAsync(nodes.Length + updated, ChangeTimeout, $"{updated} changes after one step");
    }

    /// <summary>Counts notifications; completes waiters when a total is reached.</summary>
    private sealed class CountingHandler
    {
        private readonly Lock _lock = new();
        private readonly List<(int Count, TaskCompletionSource Done)> _waiters = [];
        private int _count;

        public void OnDataChange(OpcUaSubscription subscription, DataChangeBatch batch)
        {
            lock (_lock)
            {
                _count += batch.Count;
                foreach (var waiter in _waiters.Where(w => _count >= w.Count).ToList())
                {
                    waiter.Done.TrySetResult();
                    _waiters.Remove(waiter);
                }
            }
        }

        public async Task WaitForAsync(int count, TimeSpan timeout, string waitingFor)
        {
            TaskCompletionSource done = new(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_lock)
            {
                if (_count >= count)
                {
                    return;
                }

                _waiters.Add((count, done));
            }

            try
            {
                await done.Task.WaitAsync(timeout);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"Waited {timeout.TotalSeconds} s for {waitingFor}: {_count} of {count} notifications arrived.");
            }
        }
    }
}
