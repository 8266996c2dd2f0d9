using Microsoft.Extensions.Logging.Abstractions;
using Twin.Domain.Ingest;
using Twin.Grains.Ingest;
using Twin.OpcUa.Encoding;
using Twin.OpcUa.Server;

namespace Twin.Pipeline.Tests;

/// <summary>
/// Values a server drops because an item's queue was full are not lost in transit and must not look like it: the
/// connection health counts the values that arrived with the Overflow bit, so an operator sees why counts jumped.
/// </summary>
public sealed class IngestOverflowTests
{
    [Fact]
    public async Task Values_the_server_dropped_for_a_full_queue_are_counted_in_the_connection_health()
    {
        await using var server = new OpcUaServer(new OpcUaServerOptions { Port = 0, ListenAddress = "127.0.0.1" });
        var press = new NodeId("Press", 2);
        var good = new NodeId("Press.Good", 2);
        server.AddressSpace.AddObject(Twin.OpcUa.Services.WellKnownNodes.ObjectsFolder, press, "Press");
        server.AddressSpace.AddVariable(press, good, "Good", new Variant(0u));
        await server.StartAsync();
        // One publish a second, every change sampled: the ingest asks for a queue of 10 values per tag.
        var config = new ConnectionConfiguration("line-1", server.EndpointUrl.Replace("localhost", "127.0.0.1", StringComparison.Ordinal), 1000, 0,
            [new TagConfiguration("ns=2;s=Press.Good", "press-1", "GoodCount")], SecurityPolicy: "None");
        await using var session = new IngestSession("plant-1:line-1", "plant-1", config, new IngestOptions(), NullLoggerFactory.Instance, TimeProvider.System);
        session.Start();
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var seen = new List<double>();
        while (!seen.Contains(0))
        {
            seen.AddRange(await GoodCountsAsync(session, wait.Token));
        }

        Assert.Equal(0, session.Health(0).OverflowedValues);

        // Thirty changes inside one publishing interval: the server keeps the newest ten and drops twenty.
        for (var value = 1u; value <= 30; value++)
        {
            server.AddressSpace.SetValue(good, new Variant(value));
        }

        while (!seen.Contains(30))
        {
            seen.AddRange(await GoodCountsAsync(session, wait.Token));
        }

        var health = session.Health(0);
        Assert.True(seen.Count(v => v > 0) < 30, $"expected the server to drop values, the ingest saw {string.Join(", ", seen)}");
        Assert.True(health.OverflowedValues >= 1, $"OverflowedValues {health.OverflowedValues}; seen {string.Join(", ", seen)}");
        Assert.Equal(0, health.Gaps); // dropped at the server by its queue, not lost on the way
        Assert.Empty(health.UnknownNodeIds);
    }

    private static async Task<IEnumerable<double>> GoodCountsAsync(IngestSession session, CancellationToken cancellationToken)
    {
        var response = await session.Responses.ReadAsync(cancellationToken);
        return response.SelectMany(b => b.Signals).Where(s => s.Name == "good-count").Select(s => s.Number ?? double.NaN).ToList();
    }
}
