using System.Text;
using System.Text.Json.Nodes;
using Twin.Interop.Tests.ClientInterop;
using Twin.Interop.Tests.Network;
using Twin.Interop.Tests.Peers;
using Twin.OpcUa.Client;
using Twin.OpcUa.Encoding;
using Twin.OpcUa.Server;
using Twin.OpcUa.Services;

namespace Twin.Interop.Tests.Security;

/// <summary>A node-opcua plant server that offers every RSA policy in Sign and SignAndEncrypt, with one user.</summary>
public sealed class SecuredNodeOpcUaServerFixture : IAsyncLifetime
{
    public const string UserName = "operator";
    public const string Password = "S3cretPLCpassw0rd";
    private NodeOpcUaServer? _server;

    internal NodeOpcUaServer Server => _server ?? throw new InvalidOperationException("The secured node-opcua server did not start.");

    public async Task InitializeAsync() =>
        _server = await NodeOpcUaServer.StartAsync(FreeTcpPort.Next(), paused: true, extraArguments: ["--secure", "--user", $"{UserName}:{Password}"]);

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

/// <summary>
/// OPC UA security proven against node-opcua in both directions, every policy × mode, with a user-name
/// login: our client against node-opcua's server, node-opcua's client against our server; and on the wire
/// (through a loopback proxy that records what the client sends) the password never appears.
/// </summary>
public sealed class SecuredInteropTests(SecuredNodeOpcUaServerFixture fixture) : IClassFixture<SecuredNodeOpcUaServerFixture>, IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("twin-interop-sec-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    public static TheoryData<string, MessageSecurityMode> PolicyModes() => new()
    {
        { "Basic256Sha256", MessageSecurityMode.Sign },
        { "Basic256Sha256", MessageSecurityMode.SignAndEncrypt },
        { "Aes128_Sha256_RsaOaep", MessageSecurityMode.Sign },
        { "Aes128_Sha256_RsaOaep", MessageSecurityMode.SignAndEncrypt },
        { "Aes256_Sha256_RsaPss", MessageSecurityMode.Sign },
        { "Aes256_Sha256_RsaPss", MessageSecurityMode.SignAndEncrypt },
    };

    [Theory]
    [MemberData(nameof(PolicyModes))]
    public async Task Our_client_logs_in_reads_and_subscribes_on_node_opcua_and_the_password_stays_off_the_wire(string policy, MessageSecurityMode mode)
    {
        await using var proxy = new TcpCutProxy(fixture.Server.Port);
        await using var client = await OurClient.ConnectAsync(proxy.Rewrite(fixture.Server.EndpointUrl), o => o with
        {
            SecurityPolicy = policy,
            SecurityMode = mode,
            PkiFolder = Path.Combine(_root, "client"),
            AutoAcceptUntrustedCertificates = true,
            Identity = UserIdentity.FromUserName(SecuredNodeOpcUaServerFixture.UserName, SecuredNodeOpcUaServerFixture.Password),
        });

        Assert.Equal(3.25, (await client.ReadValueAsync(NodeId.Parse("ns=2;s=Types.Double"))).Value.ToDouble());
        // 800 KB: a response in many chunks, each one signed (and encrypted).
        var large = await client.ReadValueAsync(NodeId.Parse("ns=2;s=Types.LargeDoubleArray"));
        Assert.Equal(100000, ((double[])large.Value.Value!).Length);
        Assert.Equal(StatusCode.Good, await client.WriteValueAsync(NodeId.Parse("ns=2;s=Line1.Press3.WorkOrder"), new Variant($"WO-{policy}-{mode}")));

        var changes = new ReceivedChanges();
        var (_, items) = await OurClient.SubscribeAsync(client, changes, OurClient.GoodCount);
        var handle = items[0].ClientHandle;
        var first = (await changes.NextAsync(handle, TimeSpan.FromSeconds(15), "the initial GoodCount")).Value.Value.ToDouble();
        await fixture.Server.TickAsync(3);
        await changes.CollectUntilAsync(handle, c => c.Value.Value.ToDouble() >= first + 3, TimeSpan.FromSeconds(15), "GoodCount after three ticks");

        var wire = proxy.ClientBytes();
        Assert.Equal(-1, wire.AsSpan().IndexOf(Encoding.UTF8.GetBytes(SecuredNodeOpcUaServerFixture.Password)));
        if (mode == MessageSecurityMode.SignAndEncrypt)
        {
            Assert.Equal(-1, wire.AsSpan().IndexOf(Encoding.UTF8.GetBytes("Line1.Press3.WorkOrder")));
        }
    }

    [Theory]
    [MemberData(nameof(PolicyModes))]
    public async Task Node_opcua_client_logs_in_reads_and_subscribes_on_our_server_and_the_password_stays_off_the_wire(string policy, MessageSecurityMode mode)
    {
        const string Password = "Pl@ntFloor-2026";
        await using var server = new OpcUaServer(new OpcUaServerOptions
        {
            Port = 0,
            ListenAddress = "127.0.0.1",
            HostName = "127.0.0.1",
            SecurityEndpoints = [$"{policy}:{mode}"],
            PkiFolder = Path.Combine(_root, "server"),
            AutoAcceptUntrustedCertificates = true,
            AllowAnonymous = false,
            Users = new Dictionary<string, string> { ["engineer"] = Password },
        });
        var ns = server.AddressSpace.RegisterNamespace("urn:twin:interop:secure");
        var tag = new NodeId("Cell1.Temperature", ns);
        server.AddressSpace.AddFolder(WellKnownNodes.ObjectsFolder, new NodeId("Cell1", ns), "Cell1");
        var variable = server.AddressSpace.AddVariable(new NodeId("Cell1", ns), tag, "Temperature", new Variant(21.5));
        await server.StartAsync();
        await using var proxy = new TcpCutProxy(server.Port);

        await using var client = await NodeOpcUaClient.ConnectAsync(proxy.Rewrite(server.EndpointUrl), ["--security", $"{policy}:{mode}", "--user", $"engineer:{Password}"]);
        var answer = await client.RequestAsync("read", new JsonObject { ["nodeIds"] = new JsonArray($"ns={ns};s=Cell1.Temperature") });
        Assert.Equal(21.5, answer.GetProperty("values")[0].GetProperty("value").GetDouble());

        await client.RequestAsync("subscribe", new JsonObject
        {
            ["nodeIds"] = new JsonArray($"ns={ns};s=Cell1.Temperature"),
            ["publishingInterval"] = 100,
            ["samplingInterval"] = 0,
            ["queueSize"] = 10,
        });
        variable.SetValue(new Variant(42.25));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (true)
        {
            var change = await client.Changes.ReadAsync(timeout.Token);
            if (change.GetProperty("value").GetDouble() == 42.25)
            {
                break;
            }
        }

        Assert.Equal(-1, proxy.ClientBytes().AsSpan().IndexOf(Encoding.UTF8.GetBytes(Password)));
    }

    [Fact]
    public async Task Our_client_renews_its_SignAndEncrypt_token_with_node_opcua_and_data_keeps_flowing_on_the_same_channel()
    {
        await using var proxy = new TcpCutProxy(fixture.Server.Port);
        await using var client = await OurClient.ConnectAsync(proxy.Rewrite(fixture.Server.EndpointUrl), o => o with
        {
            SecurityPolicy = "Aes256_Sha256_RsaPss",
            SecurityMode = MessageSecurityMode.SignAndEncrypt,
            PkiFolder = Path.Combine(_root, "renew"),
            AutoAcceptUntrustedCertificates = true,
            Identity = UserIdentity.FromUserName(SecuredNodeOpcUaServerFixture.UserName, SecuredNodeOpcUaServerFixture.Password),
            // Asked short so that node-opcua grants a token that must be renewed a few times during the test.
            SecureChannelLifetime = TimeSpan.FromSeconds(2),
        });
        var renewed = 0;
        client.SecureChannelRenewed += (_, _) => Interlocked.Increment(ref renewed);
        var connections = proxy.ConnectionsAccepted;
        var changes = new ReceivedChanges();
        var (_, items) = await OurClient.SubscribeAsync(client, changes, OurClient.GoodCount);
        var handle = items[0].ClientHandle;
        var start = (await changes.NextAsync(handle, TimeSpan.FromSeconds(15), "the initial GoodCount")).Value.Value.ToDouble();

        var ticks = 0;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (Volatile.Read(ref renewed) < 3 && DateTime.UtcNow < deadline)
        {
            await fixture.Server.TickAsync(1);
            ticks++;
            Assert.Equal(3.25, (await client.ReadValueAsync(NodeId.Parse("ns=2;s=Types.Double"))).Value.ToDouble());
            await Task.Delay(250);
        }

        Assert.True(renewed >= 3, $"renewed {renewed} times in 30 s");
        // Every tick's value arrives, none is lost across the renewals, and the channel was never replaced.
        var seen = await changes.CollectUntilAsync(handle, c => c.Value.Value.ToDouble() >= start + ticks, TimeSpan.FromSeconds(15), $"GoodCount +{ticks}");
        Assert.Equal(Enumerable.Range(1, ticks).Select(i => start + i), seen.Select(c => c.Value.Value.ToDouble()).Where(v => v > start).Distinct());
        Assert.Equal(0, client.ReconnectCount);
        Assert.Equal(connections, proxy.ConnectionsAccepted);
    }

    [Fact]
    public async Task Node_opcua_client_renews_its_SignAndEncrypt_token_with_our_server_and_keeps_reading_and_receiving()
    {
        await using var server = new OpcUaServer(new OpcUaServerOptions
        {
            Port = 0,
            ListenAddress = "127.0.0.1",
            HostName = "127.0.0.1",
            SecurityEndpoints = ["Aes256_Sha256_RsaPss:SignAndEncrypt"],
            PkiFolder = Path.Combine(_root, "renew-server"),
            AutoAcceptUntrustedCertificates = true,
            // node-opcua asks for a long token; granting 2 s makes it renew (at 75 %) several times in the test.
            MaxTokenLifetime = TimeSpan.FromSeconds(2),
        });
        var ns = server.AddressSpace.RegisterNamespace("urn:twin:interop:renew");
        var tag = new NodeId("Cell1.Count", ns);
        server.AddressSpace.AddFolder(WellKnownNodes.ObjectsFolder, new NodeId("Cell1", ns), "Cell1");
        var variable = server.AddressSpace.AddVariable(new NodeId("Cell1", ns), tag, "Count", new Variant(0u));
        await server.StartAsync();
        await using var proxy = new TcpCutProxy(server.Port);
        await using var client = await NodeOpcUaClient.ConnectAsync(proxy.Rewrite(server.EndpointUrl), ["--security", "Aes256_Sha256_RsaPss:SignAndEncrypt"]);
        await client.RequestAsync("subscribe", new JsonObject
        {
            ["nodeIds"] = new JsonArray($"ns={ns};s=Cell1.Count"),
            ["publishingInterval"] = 100,
            ["samplingInterval"] = 0,
            ["queueSize"] = 10,
        });
        var connections = proxy.ConnectionsAccepted;
        var opensBefore = Opens(proxy.ClientBytes());

        // About 7 s, a change every 250 ms and a read every round: spans three renewals or more.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var received = new List<uint>();
        for (var value = 1u; value <= 28; value++)
        {
            variable.SetValue(new Variant(value));
            var answer = await client.RequestAsync("read", new JsonObject { ["nodeIds"] = new JsonArray($"ns={ns};s=Cell1.Count") });
            Assert.Equal("Good", answer.GetProperty("values")[0].GetProperty("statusCode").GetString());
            await Task.Delay(250);
        }

        while (!received.Contains(28u))
        {
            var change = await client.Changes.ReadAsync(timeout.Token);
            received.Add(change.GetProperty("value").GetUInt32());
        }

        var renewals = Opens(proxy.ClientBytes()) - opensBefore;
        Assert.True(renewals >= 3, $"node-opcua sent {renewals} OPN renewals on the channel in about 7 s with 2 s tokens");
        Assert.Equal(Enumerable.Range(1, 28).Select(i => (uint)i), received.Where(v => v > 0).Distinct());
        Assert.Equal(connections, proxy.ConnectionsAccepted);
        Assert.Equal(0, client.EventCount("connection_lost"));
    }

    /// <summary>OPN chunks in what a client sent (each renewal is one; the asymmetric header is never encrypted).</summary>
    private static int Opens(byte[] wire)
    {
        var count = 0;
        var span = wire.AsSpan();
        for (var at = span.IndexOf("OPNF"u8); at >= 0; at = span.IndexOf("OPNF"u8))
        {
            count++;
            span = span[(at + 4)..];
        }

        return count;
    }

    [Fact]
    public async Task Our_client_refuses_node_opcuas_certificate_until_it_is_trusted()
    {
        var pki = Path.Combine(_root, "strict");
        Func<OpcUaClientOptions, OpcUaClientOptions> secured = o => o with
        {
            SecurityPolicy = "Basic256Sha256",
            SecurityMode = MessageSecurityMode.SignAndEncrypt,
            PkiFolder = pki,
        };
        var error = await Assert.ThrowsAsync<ServiceResultException>(() => OurClient.ConnectAsync(fixture.Server.EndpointUrl, secured));
        Assert.Equal(StatusCode.BadCertificateUntrusted, error.Status);
        var rejected = Assert.Single(Directory.GetFiles(Path.Combine(pki, "rejected", "certs")));
        Assert.Contains(rejected, error.Message, StringComparison.Ordinal);

        File.Move(rejected, Path.Combine(pki, "trusted", "certs", Path.GetFileName(rejected)));
        await using var client = await OurClient.ConnectAsync(fixture.Server.EndpointUrl, secured);
        Assert.Equal(3.25, (await client.ReadValueAsync(NodeId.Parse("ns=2;s=Types.Double"))).Value.ToDouble());
    }
}
