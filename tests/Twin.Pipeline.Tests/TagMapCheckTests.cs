using Microsoft.Extensions.Logging.Abstractions;
using Twin.Domain.Ingest;
using Twin.Grains.Ingest;
using Twin.OpcUa.Encoding;
using Twin.OpcUa.Server;

namespace Twin.Pipeline.Tests;

/// <summary>
/// A wrong tag map must not book fake production: tags whose OPC UA data type cannot feed their signal are refused
/// when the subscription is made (checked against a real server's address space), spellings of known signals are
/// recognised, near misses reported, and malformed node ids stop the plant file at load, each listed once.
/// </summary>
public sealed class TagMapCheckTests
{
    [Theory]
    [InlineData("goodcount", "good-count")]
    [InlineData("Scrapcount", "scrap-count")]
    [InlineData("GOOD_COUNT", "good-count")]
    [InlineData("Status", "status")]
    [InlineData("State", "state")]
    public void Known_signals_are_recognised_whatever_their_case_or_separators(string tag, string twin) =>
        Assert.Equal(twin, SignalNames.Normalize(tag));

    [Theory]
    [InlineData("GoodCnt", "good-count")]
    [InlineData("ScrapCont", "scrap-count")]
    [InlineData("Statu", "status")]
    [InlineData("State", null)] // a common live value, two edits from "status": not a near miss
    [InlineData("Temperature", null)]
    public void Near_misses_of_known_signals_are_named(string tag, string? meant) =>
        Assert.Equal(meant, SignalNames.NearMiss(SignalNames.Normalize(tag)));

    [Theory]
    [InlineData("good-count", 0, 7u, -1, true)]   // UInt32
    [InlineData("good-count", 0, 8u, -1, true)]   // Int64
    [InlineData("scrap-count", 0, 11u, -1, false)] // Double
    [InlineData("good-count", 0, 12u, -1, false)]  // String
    [InlineData("good-count", 0, 7u, 1, false)]    // UInt32 array
    [InlineData("status", 0, 12u, -1, true)]       // String
    [InlineData("status", 0, 6u, -1, false)]       // Int32 without a statusMap: whose numbering?
    [InlineData("status", 0, 7u, -1, false)]       // UInt32 without a statusMap
    [InlineData("status", 0, 29u, -1, false)]      // Enumeration without a statusMap
    [InlineData("status", 3, 3001u, -1, false)]    // a vendor enumeration without a statusMap
    [InlineData("status", 0, 11u, -1, false)]      // Double
    [InlineData("temperature", 0, 11u, -1, true)]  // live values take anything
    public void Counters_need_scalar_integers_and_status_a_name_or_number(string signal, ushort ns, uint type, int rank, bool fits) =>
        Assert.Equal(fits, TagTypeRule.Check(signal, ns, type, rank) is null);

    [Theory]
    [InlineData(0, 6u, true)]     // Int32
    [InlineData(0, 7u, true)]     // UInt32
    [InlineData(0, 29u, true)]    // Enumeration
    [InlineData(3, 3001u, true)]  // a vendor enumeration
    [InlineData(0, 12u, true)]    // String: the map is not needed, and does not hurt
    [InlineData(0, 11u, false)]   // Double: no map makes a measurement a state
    public void A_numeric_status_is_taken_only_with_a_declared_status_map(ushort ns, uint type, bool fits) =>
        Assert.Equal(fits, TagTypeRule.Check("status", ns, type, -1, statusMapDeclared: true) is null);

    [Theory]
    [InlineData("{}", "statusMap is empty")]
    [InlineData("{\"run\": \"Running\"}", "key 'run' is not a whole number")]
    [InlineData("{\"1\": \"Busy\"}", "maps 1 to 'Busy', which is not a machine state; use Unknown, Idle, Running")]
    [InlineData("{\"1\": \"2\"}", "maps 1 to '2', which is not a machine state")]
    public void A_wrong_status_map_stops_the_plant_file_naming_the_tag(string map, string expected)
    {
        var json = $$"""{ "plant": "plant-1", "connections": [ { "name": "a", "endpointUrl": "opc.tcp://plc", "tags": [ { "nodeId": "ns=2;s=M.State", "machine": "m", "signal": "Status", "statusMap": {{map}} } ] } ] }""";

        var error = Assert.Throws<PlantConfigurationException>(() => PlantConfigurationLoader.Parse(json, "bad.json"));

        Assert.Contains("connections[0].tags[0].statusMap", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_status_map_on_a_tag_that_is_not_the_status_is_refused_and_a_good_one_is_read()
    {
        var onCounter = """{ "plant": "plant-1", "connections": [ { "name": "a", "endpointUrl": "opc.tcp://plc", "tags": [ { "nodeId": "ns=2;s=M.Good", "machine": "m", "signal": "GoodCount", "statusMap": { "1": "Running" } } ] } ] }""";
        Assert.Contains("only a Status tag takes one", Assert.Throws<PlantConfigurationException>(() => PlantConfigurationLoader.Parse(onCounter, "bad.json")).Message, StringComparison.Ordinal);

        var good = """{ "plant": "plant-1", "connections": [ { "name": "a", "endpointUrl": "opc.tcp://plc", "tags": [ { "nodeId": "ns=2;s=M.State", "machine": "m", "signal": "status", "statusMap": { "1": "running", "-1": "Fault" } } ] } ] }""";
        var map = PlantConfigurationLoader.Parse(good, "good.json").Connections[0].Tags[0].StatusMap!;
        Assert.Equal(new Dictionary<long, string> { [1] = "Running", [-1] = "Fault" }, StatusMap.Parse(map));
    }

    [Fact]
    public void A_malformed_node_id_stops_the_plant_file_and_is_listed_once()
    {
        var plant = new PlantConfiguration("plant-1",
        [
            new ConnectionConfiguration("line-1", "opc.tcp://127.0.0.1:4840", null, null,
            [
                new TagConfiguration("ns=2;x=oops", "press-1", "GoodCount"),
                new TagConfiguration(" ns=2;x=oops ", "press-2", "GoodCount"),
                new TagConfiguration("ns=2;s=Line1.Press1.ScrapCount", "press-1", "ScrapCount"),
            ]),
        ]);

        var error = Assert.Throws<PlantConfigurationException>(() => new PlantConfigurationCatalog([plant]));

        Assert.Contains("1 tag(s)", error.Message);
        Assert.Contains("'ns=2;x=oops'", error.Message);
        Assert.Equal(1, error.Message.Split("ns=2;x=oops").Length - 1);
    }

    [Fact]
    public async Task Tags_whose_data_type_cannot_feed_their_signal_are_refused_before_they_are_subscribed()
    {
        await using var server = new OpcUaServer(new OpcUaServerOptions { Port = 0, ListenAddress = "127.0.0.1" });
        var press = new NodeId("Press", 2);
        server.AddressSpace.AddObject(Twin.OpcUa.Services.WellKnownNodes.ObjectsFolder, press, "Press");
        server.AddressSpace.AddVariable(press, new NodeId("Press.Temperature", 2), "Temperature", new Variant(41.5));
        server.AddressSpace.AddVariable(press, new NodeId("Press.Name", 2), "Name", new Variant("P-1"));
        server.AddressSpace.AddVariable(press, new NodeId("Press.Good", 2), "Good", new Variant(7u));
        server.AddressSpace.AddVariable(press, new NodeId("Press.Mode", 2), "Mode", new Variant("Running"));
        await server.StartAsync();
        var config = new ConnectionConfiguration("line-1", server.EndpointUrl.Replace("localhost", "127.0.0.1", StringComparison.Ordinal), 100, null,
        [
            new TagConfiguration("ns=2;s=Press.Temperature", "press-1", "ScrapCount"), // Double as a counter: refused
            new TagConfiguration("ns=2;s=Press.Name", "press-1", "GoodCount"),         // String as a counter: refused
            new TagConfiguration("ns=2;s=Press.Good", "press-1", "goodcount"),         // UInt32, spelled loosely: kept
            new TagConfiguration("ns=2;s=Press.Mode", "press-1", "Statu"),             // a near miss: reported, kept
        ], SecurityPolicy: "None");
        await using var session = new IngestSession("plant-1:line-1", "plant-1", config, new IngestOptions(), NullLoggerFactory.Instance, TimeProvider.System);
        session.Start();

        // What reaches the twin: the counter and the (live-value) near miss, never the refused tags.
        var names = new HashSet<string>();
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!names.Contains("good-count") || !names.Contains("statu"))
        {
            var response = await session.Responses.ReadAsync(wait.Token);
            names.UnionWith(response.SelectMany(b => b.Signals).Select(s => s.Name));
        }

        // The check runs before the subscription is made, so once values flow the health has its findings.
        var health = session.Health(0);
        Assert.Equal("Connected", health.State);
        Assert.Contains(health.UnknownNodeIds, u => u.StartsWith("ns=2;s=Press.Temperature", StringComparison.Ordinal) && u.Contains("integer", StringComparison.Ordinal));
        Assert.Contains(health.UnknownNodeIds, u => u.StartsWith("ns=2;s=Press.Name", StringComparison.Ordinal));
        Assert.Contains(health.UnknownNodeIds, u => u.StartsWith("ns=2;s=Press.Mode", StringComparison.Ordinal) && u.Contains("did you mean status", StringComparison.Ordinal));
        Assert.DoesNotContain(health.UnknownNodeIds, u => u.StartsWith("ns=2;s=Press.Good", StringComparison.Ordinal));

        Assert.DoesNotContain("scrap-count", names);
        Assert.Equal(["good-count", "statu"], names.Order());
    }

    [Fact]
    public async Task A_numeric_status_arrives_as_the_state_its_status_map_names_and_without_a_map_is_refused()
    {
        await using var server = new OpcUaServer(new OpcUaServerOptions { Port = 0, ListenAddress = "127.0.0.1" });
        var press = new NodeId("Press", 2);
        var mapped = new NodeId("Press.State", 2);
        server.AddressSpace.AddObject(Twin.OpcUa.Services.WellKnownNodes.ObjectsFolder, press, "Press");
        server.AddressSpace.AddVariable(press, mapped, "State", new Variant(1));                      // Int32, vendor numbering
        server.AddressSpace.AddVariable(press, new NodeId("Press.Mode", 2), "Mode", new Variant(2u)); // UInt32, no map
        await server.StartAsync();
        var config = new ConnectionConfiguration("line-1", server.EndpointUrl.Replace("localhost", "127.0.0.1", StringComparison.Ordinal), 50, 0,
        [
            // This PLC says 1 = running, 3 = fault: Twin's own numbering would read 1 as Idle and 3 as Setup.
            new TagConfiguration("ns=2;s=Press.State", "press-1", "Status", new Dictionary<string, string> { ["1"] = "Running", ["3"] = "Fault" }),
            new TagConfiguration("ns=2;s=Press.Mode", "press-2", "Status"),
        ], SecurityPolicy: "None");
        await using var session = new IngestSession("plant-1:line-1", "plant-1", config, new IngestOptions(), NullLoggerFactory.Instance, TimeProvider.System);
        session.Start();

        var seen = new List<(string Machine, string? Text, double? Number)>();
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        async Task UntilAsync(string text)
        {
            while (!seen.Any(s => s.Text == text))
            {
                var response = await session.Responses.ReadAsync(wait.Token);
                seen.AddRange(response.SelectMany(b => b.Signals.Where(s => s.Name == "status").Select(s => (b.MachineId, s.Text, s.Number))));
            }
        }

        await UntilAsync("Running");
        server.AddressSpace.SetValue(mapped, new Variant(3));
        await UntilAsync("Fault");
        server.AddressSpace.SetValue(mapped, new Variant(7));
        await UntilAsync("7 (not in statusMap)");

        Assert.All(seen, s => Assert.Equal(("press-1", (double?)null), (s.Machine, s.Number)));
        var refused = Assert.Single(session.Health(0).UnknownNodeIds, u => u.StartsWith("ns=2;s=Press.Mode", StringComparison.Ordinal));
        Assert.Contains("status is a number (UInt32) and the tag has no statusMap", refused, StringComparison.Ordinal);
    }
}
