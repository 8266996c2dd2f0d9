using Twin.OpcUa.Channel;
using Twin.OpcUa.Client;
using Twin.OpcUa.Encoding;
using Twin.OpcUa.Server;
using Twin.OpcUa.Services;
using Twin.OpcUa.Transport;

namespace Twin.OpcUa.Tests;

/// <summary>Chunking within negotiated limits, server limits, identities and clear connection errors.</summary>
public sealed class LimitsAndChunkingTests
{
    private static readonly TransportLimits SmallChunks = new() { ReceiveBufferSize = 8192, SendBufferSize = 8192, MaxMessageSize = 4 << 20, MaxChunkCount = 1000 };

    [Fact]
    public async Task Large_values_travel_in_many_chunks_both_ways_and_are_reassembled()
    {
        await using var server = await LoopbackServer.StartAsync(new OpcUaServerOptions { TransportLimits = SmallChunks });
        var blob = new NodeId("Blob", 1);
        server.AddressSpace.AddVariable(WellKnownNodes.ObjectsFolder, blob, "Blob", new Variant(Array.Empty<byte>()), writable: true);
        await using var client = new OpcUaClient(LoopbackServer.ClientOptions(server) with { TransportLimits = SmallChunks });
        await client.ConnectAsync();
        var payload = new byte[200_000];
        new Random(1).NextBytes(payload);

        Assert.Equal(StatusCode.Good, await client.WriteValueAsync(blob, new Variant(payload)));
        var read = await client.ReadValueAsync(blob);

        Assert.Equal(payload, (byte[])read.Value.Value!);
    }

    [Fact]
    public async Task A_response_larger_than_the_client_accepts_becomes_BadResponseTooLarge_not_a_broken_connection()
    {
        var limits = SmallChunks with { MaxMessageSize = 64 * 1024 };
        await using var server = await LoopbackServer.StartAsync();
        var blob = new NodeId("Blob", 1);
        server.AddressSpace.AddVariable(WellKnownNodes.ObjectsFolder, blob, "Blob", new Variant(new byte[100_000]));
        await using var client = new OpcUaClient(LoopbackServer.ClientOptions(server) with { TransportLimits = limits });
        await client.ConnectAsync();

        var error = await Assert.ThrowsAsync<ServiceResultException>(() => client.ReadValueAsync(blob));
        Assert.Equal(StatusCode.BadResponseTooLarge, error.Status);
        Assert.Equal(20.5, (await client.ReadValueAsync(LoopbackServer.Temperature)).Value.ToDouble());
    }

    [Fact]
    public async Task A_request_larger_than_the_server_accepts_fails_locally_with_BadRequestTooLarge()
    {
        await using var server = await LoopbackServer.StartAsync(new OpcUaServerOptions { TransportLimits = SmallChunks with { MaxMessageSize = 32 * 1024 } });
        await using var client = new OpcUaClient(LoopbackServer.ClientOptions(server));
        await client.ConnectAsync();

        var error = await Assert.ThrowsAsync<ServiceResultException>(() => client.WriteValueAsync(LoopbackServer.Temperature, new Variant(new byte[100_000])));
        Assert.Equal(StatusCode.BadRequestTooLarge, error.Status);
        Assert.Equal(ConnectionState.Connected, client.State);
    }

    [Fact]
    public void Message_assembly_refuses_more_chunks_or_bytes_than_negotiated()
    {
        using var assembly = new MessageAssembly(16);
        assembly.Append(new byte[10], 100, 2);
        Assert.Throws<OpcUaProtocolException>(() => assembly.Append(new byte[100], 100, 5));
        using var counted = new MessageAssembly(16);
        counted.Append(new byte[1], 100, 2);
        counted.Append(new byte[1], 100, 2);
        Assert.Throws<OpcUaProtocolException>(() => counted.Append(new byte[1], 100, 2));
    }

    [Fact]
    public async Task Server_refuses_sessions_beyond_its_limit_with_BadTooManySessions()
    {
        await using var server = await LoopbackServer.StartAsync(new OpcUaServerOptions { MaxSessions = 1 });
        await using var first = new OpcUaClient(LoopbackServer.ClientOptions(server));
        await first.ConnectAsync();
        await using var second = new OpcUaClient(LoopbackServer.ClientOptions(server));

        var error = await Assert.ThrowsAsync<ServiceResultException>(() => second.ConnectAsync());
        Assert.Equal(StatusCode.BadTooManySessions, error.Status);
        Assert.Equal(ConnectionState.Disconnected, second.State);
    }

    [Fact]
    public async Task Server_refuses_monitored_items_beyond_its_limit_per_item()
    {
        await using var server = await LoopbackServer.StartAsync(new OpcUaServerOptions { MaxMonitoredItemsPerSubscription = 2 });
        await using var client = new OpcUaClient(LoopbackServer.ClientOptions(server));
        await client.ConnectAsync();
        var subscription = await client.CreateSubscriptionAsync(new SubscriptionOptions(), (_, _) => { });

        var items = await subscription.AddMonitoredItemsAsync([
            new MonitoredItemOptions(LoopbackServer.Temperature), new MonitoredItemOptions(LoopbackServer.Count),
            new MonitoredItemOptions(new NodeId("Line1.Press.State", 1)), new MonitoredItemOptions(new NodeId("Nope", 1)),
        ]);

        Assert.Equal([StatusCode.Good, StatusCode.Good, StatusCode.BadTooManyMonitoredItems, StatusCode.BadTooManyMonitoredItems], items.Select(i => i.Status).ToArray());
    }

    [Fact]
    public async Task User_name_login_works_and_a_wrong_password_is_explained()
    {
        var users = new Dictionary<string, string> { ["operator"] = "s3cret" };
        await using var server = await LoopbackServer.StartAsync(new OpcUaServerOptions { AllowAnonymous = false, Users = users });
        // This server has no certificate, so its None endpoint takes passwords in clear: allowed explicitly here.
        await using var good = new OpcUaClient(LoopbackServer.ClientOptions(server) with { Identity = UserIdentity.FromUserName("operator", "s3cret"), AllowPasswordInClear = true });
        await good.ConnectAsync();
        Assert.Equal(20.5, (await good.ReadValueAsync(LoopbackServer.Temperature)).Value.ToDouble());

        await using var wrong = new OpcUaClient(LoopbackServer.ClientOptions(server) with { Identity = UserIdentity.FromUserName("operator", "guess"), AllowPasswordInClear = true });
        var error = await Assert.ThrowsAsync<ServiceResultException>(() => wrong.ConnectAsync());
        Assert.Equal(StatusCode.BadUserAccessDenied, error.Status);
        Assert.Contains("operator", error.Message, StringComparison.Ordinal);

        await using var anonymous = new OpcUaClient(LoopbackServer.ClientOptions(server));
        var refused = await Assert.ThrowsAsync<ServiceResultException>(() => anonymous.ConnectAsync());
        Assert.Contains("anonymous", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connecting_to_a_port_nobody_listens_on_says_so_in_one_line()
    {
        await using var server = await LoopbackServer.StartAsync();
        var port = server.Port;
        await server.DisposeAsync();
        await using var client = new OpcUaClient(new OpcUaClientOptions { EndpointUrl = $"opc.tcp://127.0.0.1:{port}", ConnectTimeout = TimeSpan.FromSeconds(2) });

        var error = await Assert.ThrowsAsync<ServiceResultException>(() => client.ConnectAsync());
        Assert.Equal(StatusCode.BadNotConnected, error.Status);
        Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void A_wrong_endpoint_url_is_rejected_with_an_example()
    {
        var error = Assert.Throws<ArgumentException>(() => new OpcUaClient(new OpcUaClientOptions { EndpointUrl = "http://plc1:4840" }));
        Assert.Contains("opc.tcp://", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetEndpoints_describes_the_None_endpoint_and_its_user_token_policies()
    {
        await using var server = await LoopbackServer.StartAsync();
        var endpoints = await OpcUaClient.GetEndpointsAsync(server.EndpointUrl);
        var endpoint = Assert.Single(endpoints);
        Assert.Equal(SecurityPolicies.None, endpoint.SecurityPolicyUri);
        Assert.Equal(MessageSecurityMode.None, endpoint.SecurityMode);
        Assert.Contains(endpoint.UserIdentityTokens, p => p.TokenType == UserTokenType.Anonymous);
    }
}
