using Twin.Interop.Tests.Peers;
using Twin.OpcUa.Server;

namespace Twin.Interop.Tests.Cli;

/// <summary>`twin opcua browse|read|subscribe` against node-opcua's server, and how it explains failures.</summary>
[Collection(NodeOpcUaServerCollection.Name)]
public sealed class TwinOpcUaCommandTests(NodeOpcUaServerFixture fixture)
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Browse_prints_the_tree_with_node_ids_ready_for_a_tag_map()
    {
        var cli = new TwinCli();

        var exit = await cli.RunAsync(CommandTimeout, "opcua", "browse", fixture.Server.EndpointUrl, "--depth", "3");

        Assert.Equal(0, exit);
        var lines = cli.Output.Lines;
        Assert.Equal("Objects  i=85", lines[0]);
        Assert.Contains(lines, l => l.Contains("├── Line1  ns=2;s=Line1", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Press3  ns=2;s=Line1.Press3", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("GoodCount  ns=2;s=Line1.Press3.GoodCount  = ", StringComparison.Ordinal) && l.EndsWith("UInt32", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("WorkOrder  ns=2;s=Line1.Press3.WorkOrder  = \"", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Server  i=2253  (not expanded", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("ServerStatus", StringComparison.Ordinal));
        Assert.Empty(cli.Error.Lines);
    }

    [Fact]
    public async Task Read_prints_value_type_status_and_time_stamps_and_fails_on_a_bad_node()
    {
        var cli = new TwinCli();
        var expected = await fixture.Server.ReadLocalAsync("Line1.Press3.GoodCount");

        var exit = await cli.RunAsync(CommandTimeout, "opcua", "read", fixture.Server.EndpointUrl, "ns=2;s=Line1.Press3.GoodCount", "ns=2;s=Types.DoubleArray", "ns=2;s=Line9.Nothing");

        Assert.Equal(1, exit); // one value is Bad
        var lines = cli.Output.Lines;
        Assert.Equal(3, lines.Count);
        Assert.Matches($@"^ns=2;s=Line1\.Press3\.GoodCount  {expected}  UInt32  Good  source 20\d\d-\d\d-\d\dT[\d:.]+Z  server 20\d\d-", lines[0]);
        Assert.Contains("[1, 2.5, -3.75]  Double[]  Good", lines[1], StringComparison.Ordinal);
        Assert.Contains("BadNodeIdUnknown (0x80340000)", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subscribe_prints_changes_as_they_arrive()
    {
        var cli = new TwinCli();
        var run = cli.RunAsync(CommandTimeout, "opcua", "subscribe", fixture.Server.EndpointUrl, "ns=2;s=Line1.Press3.GoodCount", "--interval", "50", "--sampling", "0", "--count", "4");

        var first = await cli.Output.NextLineAsync(CommandTimeout, "initial value");
        var start = uint.Parse(first.Split("  ", StringSplitOptions.RemoveEmptyEntries)[2], System.Globalization.CultureInfo.InvariantCulture);
        await fixture.Server.TickAsync(3);

        Assert.Equal(0, await run);
        var values = cli.Output.Lines.Select(l => l.Split("  ", StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.All(values, v => Assert.Equal("ns=2;s=Line1.Press3.GoodCount", v[1]));
        Assert.Equal([start, start + 1, start + 2, start + 3], values.Select(v => uint.Parse(v[2], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.All(values, v => Assert.Equal("Good", v[3]));
        Assert.Contains(cli.Error.Lines, l => l.StartsWith("# watching 1 node(s)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Subscribe_says_in_words_that_the_server_dropped_values_for_a_full_queue()
    {
        await using var server = new OpcUaServer(new OpcUaServerOptions { Port = 0, ListenAddress = "127.0.0.1", HostName = "127.0.0.1" });
        var counter = new Twin.OpcUa.Encoding.NodeId("Cell.Count", 1);
        server.AddressSpace.AddVariable(Twin.OpcUa.Services.WellKnownNodes.ObjectsFolder, counter, "Count", new Twin.OpcUa.Encoding.Variant(0u));
        await server.StartAsync();
        var cli = new TwinCli();
        // One publish a second; the command asks for 10 queued values per item: 30 changes in between overflow it.
        var run = cli.RunAsync(CommandTimeout, "opcua", "subscribe", server.EndpointUrl, "ns=1;s=Cell.Count", "--interval", "1000", "--sampling", "0", "--count", "11");
        await cli.Output.NextLineAsync(CommandTimeout, "initial value");

        for (var value = 1u; value <= 30; value++)
        {
            server.AddressSpace.SetValue(counter, new Twin.OpcUa.Encoding.Variant(value));
        }

        Assert.Equal(0, await run);
        var overflowed = Assert.Single(cli.Output.Lines, l => l.Contains("overflow", StringComparison.Ordinal));
        Assert.Contains("Good, overflow (0x00000480): the server's queue for this item was full and it dropped older values before this one", overflowed, StringComparison.Ordinal);
        Assert.DoesNotContain(cli.Output.Lines, l => l.Contains("Good (0x", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Nothing_listening_is_explained_in_one_line()
    {
        var cli = new TwinCli();

        var exit = await cli.RunAsync(CommandTimeout, "opcua", "read", $"opc.tcp://127.0.0.1:{FreeTcpPort.Next()}", "i=2258");

        Assert.Equal(1, exit);
        var line = Assert.Single(cli.Error.Lines);
        Assert.Contains("Cannot reach 127.0.0.1:", line, StringComparison.Ordinal);
        Assert.Contains("ConnectionRefused", line, StringComparison.Ordinal);
        Assert.Empty(cli.Output.Lines);
    }

    [Theory]
    [InlineData("http://plc1:4840", "is not an OPC UA endpoint URL")]
    [InlineData("plc1:4840", "is not an OPC UA endpoint URL")]
    public async Task A_wrong_endpoint_url_is_explained_in_one_line(string url, string expected)
    {
        var cli = new TwinCli();

        var exit = await cli.RunAsync(CommandTimeout, "opcua", "browse", url);

        Assert.Equal(2, exit);
        Assert.Contains(expected, Assert.Single(cli.Error.Lines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_node_id_is_explained_in_one_line()
    {
        var cli = new TwinCli();

        var exit = await cli.RunAsync(CommandTimeout, "opcua", "read", fixture.Server.EndpointUrl, "ns=2;Line1.Press3");

        Assert.Equal(2, exit);
        Assert.Contains("is not a node id", Assert.Single(cli.Error.Lines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rejected_session_is_explained_in_one_line()
    {
        await using var server = new OpcUaServer(new OpcUaServerOptions
        {
            Port = 0, ListenAddress = "127.0.0.1", HostName = "127.0.0.1", AllowAnonymous = false,
            Users = new Dictionary<string, string> { ["operator"] = "s3cret" },
            // With a certificate the server asks for passwords encrypted even on its None endpoint.
            PkiFolder = Directory.CreateTempSubdirectory("twin-cli-pki-").FullName,
        });
        await server.StartAsync();

        var anonymous = new TwinCli();
        Assert.Equal(1, await anonymous.RunAsync(CommandTimeout, "opcua", "read", server.EndpointUrl, "i=2258"));
        Assert.Contains("does not allow anonymous sessions", Assert.Single(anonymous.Error.Lines), StringComparison.Ordinal);

        var wrongPassword = new TwinCli();
        Assert.Equal(1, await wrongPassword.RunAsync(CommandTimeout, "opcua", "read", server.EndpointUrl, "i=2258", "--user", "operator", "--password", "guess"));
        Assert.Contains("rejected the session for user 'operator'", Assert.Single(wrongPassword.Error.Lines), StringComparison.Ordinal);

        var rightPassword = new TwinCli();
        Assert.Equal(0, await rightPassword.RunAsync(CommandTimeout, "opcua", "read", server.EndpointUrl, "i=2258", "--user", "operator", "--password", "s3cret"));
        Assert.Contains("DateTime  Good", Assert.Single(rightPassword.Output.Lines), StringComparison.Ordinal);
    }
}
