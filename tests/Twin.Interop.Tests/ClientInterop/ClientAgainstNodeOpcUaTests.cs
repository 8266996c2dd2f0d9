using Twin.Interop.Tests.Peers;
using Twin.OpcUa.Encoding;
using Twin.OpcUa.Services;

namespace Twin.Interop.Tests.ClientInterop;

/// <summary>Our client against node-opcua's server: browse, read every shop-floor type, write, subscribe.</summary>
[Collection(NodeOpcUaServerCollection.Name)]
public sealed class ClientAgainstNodeOpcUaTests(NodeOpcUaServerFixture fixture)
{
    private static readonly TimeSpan ChangeTimeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Browse_finds_the_plant_folders_and_the_machine_variables()
    {
        await using var client = await OurClient.ConnectAsync(fixture.Server.EndpointUrl);

        var objects = await client.BrowseAsync(new NodeId(85));
        var line1 = Assert.Single(objects, r => r.BrowseName == new QualifiedName(2, "Line1"));
        Assert.Equal(NodeId.Parse("ns=2;s=Line1"), line1.NodeId.NodeId);
        Assert.Equal(NodeClass.Object, line1.NodeClass);
        Assert.Contains(objects, r => r.NodeId.NodeId == new NodeId(2253)); // the standard Server object

        var press3 = await client.BrowseAsync(NodeId.Parse("ns=2;s=Line1.Press3"));
        var variables = press3.Where(r => r.NodeClass == NodeClass.Variable).ToList();
        Assert.Equal(
            ["GoodCount", "ScrapCount", "Temperature", "Speed", "Status", "Running", "WorkOrder"],
            variables.Select(v => v.BrowseName.Name));
        Assert.All(variables, v => Assert.Equal($"ns=2;s=Line1.Press3.{v.BrowseName.Name}", v.NodeId.NodeId.ToString()));
        Assert.All(variables, v => Assert.Equal(v.BrowseName.Name, v.DisplayName.Text));
    }

    [Fact]
    public async Task Read_decodes_every_shop_floor_type_node_opcua_sends()
    {
        await using var client = await OurClient.ConnectAsync(fixture.Server.EndpointUrl);
        var expected = new (string Name, object Value)[]
        {
            ("Boolean", true), ("SByte", (sbyte)-100), ("Byte", (byte)200), ("Int16", (short)-30000), ("UInt16", (ushort)60000),
            ("Int32", -2000000000), ("UInt32", 4000000000u), ("Int64", -2L), ("UInt64", 4294967296UL), ("Float", 1.5f), ("Double", 3.25),
            ("String", "Grüße, Presse 3"), ("DateTime", new DateTime(2026, 11, 27, 8, 30, 0, DateTimeKind.Utc)),
            ("Guid", Guid.Parse("72962B91-FA75-4AE6-8D28-B404DC7DAF63")), ("StatusCode", new StatusCode(0x40900000)),
            ("LocalizedText", new LocalizedText("de-DE", "Presse")), ("QualifiedName", new QualifiedName(2, "Press3")),
            ("NodeId", NodeId.Parse("ns=2;s=Line1.Press3")),
        };

        var values = await client.ReadAsync(expected.Select(e => new ReadValueId { NodeId = NodeId.Parse($"ns=2;s=Types.{e.Name}") }).ToList());

        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(values[i].StatusCode.IsGood, $"{expected[i].Name}: {values[i].StatusCode}");
            Assert.True(Equals(expected[i].Value, values[i].Value.Value), $"{expected[i].Name}: expected {expected[i].Value}, got {values[i].Value.Value} ({values[i].Value.Type})");
            Assert.NotEqual(default, values[i].SourceTimestamp);
            Assert.NotEqual(default, values[i].ServerTimestamp);
        }

        var arrays = await client.ReadAsync(new[] { "ByteString", "DoubleArray", "StringArray", "Int32Array" }.Select(n => new ReadValueId { NodeId = NodeId.Parse($"ns=2;s=Types.{n}") }).ToList());
        Assert.Equal(new byte[] { 0, 1, 2, 253, 254, 255 }, arrays[0].Value.Value);
        Assert.Equal(new[] { 1.0, 2.5, -3.75 }, arrays[1].Value.Value);
        Assert.Equal(new[] { "a", "", "Grüße" }, arrays[2].Value.Value);
        Assert.Equal(new[] { 1, -2, 3 }, arrays[3].Value.Value);
    }

    [Fact]
    public async Task Read_of_a_value_that_needs_several_chunks_is_reassembled()
    {
        await using var client = await OurClient.ConnectAsync(fixture.Server.EndpointUrl);

        var value = await client.ReadValueAsync(NodeId.Parse("ns=2;s=Types.LargeDoubleArray"));

        var doubles = Assert.IsType<double[]>(value.Value.Value);
        Assert.Equal(100_000, doubles.Length);
        Assert.Equal(Enumerable.Range(0, 100_000).Select(i => i * 0.5), doubles);
    }

    [Fact]
    public async Task Read_of_an_unknown_node_is_a_bad_status_not_an_exception()
    {
        await using var client = await OurClient.ConnectAsync(fixture.Server.EndpointUrl);

        var value = await client.ReadValueAsync(NodeId.Parse("ns=2;s=Line9.NoSuchMachine.GoodCount"));

        Assert.Equal(StatusCode.BadNodeIdUnknown, value.StatusCode);
    }

    [Fact]
    public async Task Write_changes_a_writable_variable_and_is_refused_for_a_counter_or_a_wrong_type()
    {
        await using var client = await OurClient.ConnectAsync(fixture.Server.EndpointUrl);
        var workOrder = NodeId.Parse("ns=2;s=Line1.Press3.WorkOrder");
        var newOrder = $"WO-{Guid.NewGuid():N}"[..12];

        Assert.Equal(StatusCode.Good, await client.WriteValueAsync(workOrder, new Variant(newOrder)));
        Assert.Equal($"\"{newOrder}\"", await fixture.Server.ReadLocalAsync("Line1.Press3.WorkOrder"));
        Assert.Equal(newOrder, (await client.ReadValueAsync(workOrder)).Value.Value);

        Assert.Equal(StatusCode.Good, await client.WriteValueAsync(NodeId.Parse("ns=2;s=Line1.Press3.Speed"), new Variant(42.5)));
        Assert.Equal("42.5", await fixture.Server.ReadLocalAsync("Line1.Press3.Speed"));

        Assert.Equal(StatusCode.BadNotWritable, await client.WriteValueAsync(OurClient.GoodCount, new Variant(5u)));
        Assert.Equal(StatusCode.BadTypeMismatch, await client.WriteValueAsync(workOrder, new Variant(17)));
    }

    [Fact]
    public async Task Subscribed_values_arrive_in_order_with_status_codes_and_source_timestamps()
    {
        var server = fixture.Server;
        await using var client = await OurClient.ConnectAsync(server.EndpointUrl);
        var received = new ReceivedChanges();
        var (_, items) = await OurClient.SubscribeAsync(client, received, OurClient.GoodCount, OurClient.Temperature);
        var goodCount = items[0].ClientHandle;
        var temperature = items[1].ClientHandle;

        var initial = await received.NextAsync(goodCount, ChangeTimeout, "initial GoodCount");
        var start = (uint)initial.Value.Value.Value!;
        for (var burst = 0; burst < 5; burst++)
        {
            await server.TickAsync(6);
        }

        var changes = await received.CollectUntilAsync(goodCount, c => (uint)c.Value.Value.Value! >= start + 30, ChangeTimeout, $"GoodCount {start + 30}");
        Assert.Equal(Enumerable.Range(1, 30).Select(i => start + (uint)i), changes.Select(c => (uint)c.Value.Value.Value!));
        Assert.All(changes, c => Assert.Equal(StatusCode.Good, c.Value.StatusCode));
        Assert.All(changes, c => Assert.InRange(c.Value.SourceTimestamp, DateTime.UtcNow.AddMinutes(-5), DateTime.UtcNow.AddMinutes(1)));
        Assert.Equal(changes.Select(c => c.Value.SourceTimestamp).Order(), changes.Select(c => c.Value.SourceTimestamp));
        Assert.Equal(changes.Select(c => c.SequenceNumber).Order(), changes.Select(c => c.SequenceNumber));

        // A sensor that goes uncertain: the status travels with the value.
        await server.SetAsync("Line1.Press3.Temperature", "81.25", "UncertainLastUsableValue");
        var uncertain = await received.CollectUntilAsync(temperature, c => c.Value.Value.Value is 81.25, ChangeTimeout, "Temperature 81.25");
        Assert.Equal(new StatusCode(0x40900000), uncertain[^1].Value.StatusCode);
        Assert.Empty(received.Gaps);
    }
}
