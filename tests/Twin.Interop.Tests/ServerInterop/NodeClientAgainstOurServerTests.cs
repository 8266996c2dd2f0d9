using System.Text.Json;
using System.Text.Json.Nodes;
using Twin.OpcUa.Encoding;
using Twin.OpcUa.Services;

namespace Twin.Interop.Tests.ServerInterop;

/// <summary>node-opcua's client against our server: endpoints, browse, read of every type, write, subscribe.</summary>
public sealed class NodeClientAgainstOurServerTests(OurServerFixture fixture) : IClassFixture<OurServerFixture>
{
    private static readonly TimeSpan ChangeTimeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Node_client_sees_one_SecurityPolicy_None_endpoint_with_anonymous_login()
    {
        var answer = await fixture.NodeClient.RequestAsync("endpoints");

        var endpoint = Assert.Single(answer.GetProperty("endpoints").EnumerateArray());
        Assert.Equal(fixture.Server.EndpointUrl, endpoint.GetProperty("endpointUrl").GetString());
        Assert.Equal("http://opcfoundation.org/UA/SecurityPolicy#None", endpoint.GetProperty("securityPolicyUri").GetString());
        Assert.Equal("None", endpoint.GetProperty("securityMode").GetString());
        Assert.Contains(0, endpoint.GetProperty("userTokenTypes").EnumerateArray().Select(t => t.GetInt32())); // Anonymous
    }

    [Fact]
    public async Task Node_client_browses_from_Objects_down_to_the_tags()
    {
        var objects = await Browse("i=85");
        Assert.Contains(objects, r => r.NodeId == "ns=2;s=Cell1" && r.BrowseName == "2:Cell1" && r.NodeClass == "Object");
        Assert.Contains(objects, r => r.NodeId == "ns=0;i=2253" && r.NodeClass == "Object"); // Server

        var cell = await Browse("ns=2;s=Cell1");
        Assert.Contains(cell, r => r.NodeId == "ns=2;s=Cell1.Robot1" && r.DisplayName == "Robot1");

        var robot = await Browse("ns=2;s=Cell1.Robot1");
        Assert.Equal(
            ["GoodCount", "Temperature", "WorkOrder", "Setpoint"],
            robot.Where(r => r.NodeClass == "Variable").Select(r => r.DisplayName));
        Assert.All(robot.Where(r => r.NodeClass == "Variable"), r => Assert.Equal($"ns=2;s=Cell1.Robot1.{r.DisplayName}", r.NodeId));
    }

    [Fact]
    public async Task Node_client_reads_every_shop_floor_type_our_server_encodes()
    {
        var nodeIds = OurServerFixture.TypeValues.Select(t => $"ns=2;s=Types.{t.Name}").ToArray();
        var answer = await fixture.NodeClient.RequestAsync("read", new JsonObject { ["nodeIds"] = new JsonArray(nodeIds.Select(n => (JsonNode)n!).ToArray()) });
        var values = answer.GetProperty("values").EnumerateArray().ToDictionary(v => v.GetProperty("nodeId").GetString()!["ns=2;s=Types.".Length..]);

        var expectedJson = new Dictionary<string, string>
        {
            ["Boolean"] = "true", ["SByte"] = "-100", ["Byte"] = "200", ["Int16"] = "-30000", ["UInt16"] = "60000",
            ["Int32"] = "-2000000000", ["UInt32"] = "4000000000", ["Int64"] = "\"-2\"", ["UInt64"] = "\"4294967296\"",
            ["Float"] = "1.5", ["Double"] = "3.25", ["String"] = "\"Grüße, Presse 3\"", ["DateTime"] = "\"2026-11-27T08:30:00.000Z\"",
            ["Guid"] = "\"72962B91-FA75-4AE6-8D28-B404DC7DAF63\"", ["ByteString"] = "{\"base64\":\"AAEC/f7/\"}",
            ["StatusCode"] = "\"UncertainLastUsableValue\"", ["LocalizedText"] = "{\"locale\":\"de-DE\",\"text\":\"Presse\"}",
            ["QualifiedName"] = "\"2:Press3\"", ["NodeId"] = "\"ns=2;s=Cell1.Robot1\"",
            ["DoubleArray"] = "[1,2.5,-3.75]", ["StringArray"] = "[\"a\",\"\",\"Grüße\"]", ["Int32Array"] = "[1,-2,3]",
        };
        foreach (var (name, _) in OurServerFixture.TypeValues)
        {
            var value = values[name];
            Assert.True(value.GetProperty("statusCode").GetString() == "Good", $"{name}: {value}");
            var expectedName = name.EndsWith("Array", StringComparison.Ordinal) ? name[..^"Array".Length] : name;
            Assert.Equal(expectedName, value.GetProperty("dataType").GetString());
            Assert.Equal(Normalize(expectedJson[name]), Normalize(value.GetProperty("value").GetRawText()));
            Assert.NotNull(value.GetProperty("sourceTimestamp").GetString());
            Assert.NotNull(value.GetProperty("serverTimestamp").GetString());
        }
    }

    [Fact]
    public async Task Node_client_writes_a_writable_tag_and_is_refused_for_read_only_or_wrong_type()
    {
        var workOrder = fixture.Server.AddressSpace.GetVariable(OurServerFixture.Id("Cell1.Robot1.WorkOrder"));
        var written = new TaskCompletionSource<DataValue>(TaskCreationOptions.RunContinuationsAsynchronously);
        workOrder.Written += (_, value) => written.TrySetResult(value);

        var ok = await Write("ns=2;s=Cell1.Robot1.WorkOrder", "String", "WO-4711");
        Assert.Equal("Good", ok);
        Assert.Equal("WO-4711", (await written.Task.WaitAsync(ChangeTimeout)).Value.Value);
        Assert.Equal("WO-4711", workOrder.Value.Value.Value);

        Assert.Equal("Good", await Write("ns=2;s=Cell1.Robot1.Setpoint", "Double", 12.5));
        Assert.Equal(12.5, fixture.Server.AddressSpace.GetVariable(OurServerFixture.Id("Cell1.Robot1.Setpoint")).Value.Value.Value);

        Assert.Equal("BadNotWritable", await Write("ns=2;s=Cell1.Robot1.GoodCount", "UInt32", 5));
        Assert.Equal("BadTypeMismatch", await Write("ns=2;s=Cell1.Robot1.WorkOrder", "Int32", 17));
        Assert.Equal("BadNodeIdUnknown", await Write("ns=2;s=Cell1.Nothing", "Int32", 17));
        Assert.Equal("WO-4711", workOrder.Value.Value.Value);
    }

    [Fact]
    public async Task Node_client_receives_every_change_in_order_with_status_and_source_timestamp()
    {
        var space = fixture.Server.AddressSpace;
        var goodCount = OurServerFixture.Id("Cell1.Robot1.GoodCount");
        var temperature = OurServerFixture.Id("Cell1.Robot1.Temperature");
        var start = (uint)space.GetVariable(goodCount).Value.Value.Value!;
        await fixture.NodeClient.RequestAsync("subscribe", new JsonObject
        {
            ["nodeIds"] = new JsonArray("ns=2;s=Cell1.Robot1.GoodCount", "ns=2;s=Cell1.Robot1.Temperature"),
            ["publishingInterval"] = 50,
            ["samplingInterval"] = 0,
            ["queueSize"] = 100,
        });
        await fixture.NodeClient.NextChangeAsync("ns=2;s=Cell1.Robot1.GoodCount", ChangeTimeout, c => c.GetProperty("value").GetUInt32() == start);

        var stamps = new List<DateTime>();
        for (var i = 1; i <= 25; i++)
        {
            var stamp = new DateTime(2026, 11, 27, 9, 0, 0, DateTimeKind.Utc).AddMilliseconds(i * 10);
            stamps.Add(stamp);
            space.SetValue(goodCount, new Variant(start + (uint)i), StatusCode.Good, stamp);
        }

        var changes = new List<JsonElement>();
        while (changes.Count == 0 || changes[^1].GetProperty("value").GetUInt32() < start + 25)
        {
            changes.Add(await fixture.NodeClient.NextChangeAsync("ns=2;s=Cell1.Robot1.GoodCount", ChangeTimeout));
        }

        Assert.Equal(Enumerable.Range(1, 25).Select(i => start + (uint)i), changes.Select(c => c.GetProperty("value").GetUInt32()));
        Assert.All(changes, c => Assert.Equal("Good", c.GetProperty("statusCode").GetString()));
        Assert.Equal(stamps, changes.Select(c => DateTime.Parse(c.GetProperty("sourceTimestamp").GetString()!, null, System.Globalization.DateTimeStyles.AdjustToUniversal)));

        space.SetValue(temperature, new Variant(81.25), new StatusCode(0x40900000));
        var uncertain = await fixture.NodeClient.NextChangeAsync("ns=2;s=Cell1.Robot1.Temperature", ChangeTimeout, c => c.GetProperty("value").GetDouble() == 81.25);
        Assert.Equal("UncertainLastUsableValue", uncertain.GetProperty("statusCode").GetString());
    }

    private async Task<List<(string NodeId, string BrowseName, string DisplayName, string NodeClass)>> Browse(string nodeId)
    {
        var answer = await fixture.NodeClient.RequestAsync("browse", new JsonObject { ["nodeId"] = nodeId });
        Assert.Equal("Good", answer.GetProperty("statusCode").GetString());
        return answer.GetProperty("references").EnumerateArray()
            .Select(r => (r.GetProperty("nodeId").GetString()!, r.GetProperty("browseName").GetString()!, r.GetProperty("displayName").GetString()!, r.GetProperty("nodeClass").GetString()!))
            .ToList();
    }

    private async Task<string> Write(string nodeId, string dataType, JsonNode value)
    {
        var answer = await fixture.NodeClient.RequestAsync("write", new JsonObject { ["nodeId"] = nodeId, ["dataType"] = dataType, ["value"] = value });
        return answer.GetProperty("statusCode").GetString()!;
    }

    private static string Normalize(string json) => JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement);
}
