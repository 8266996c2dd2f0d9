using Twin.Interop.Tests.ClientInterop;
using Twin.Interop.Tests.Network;
using Twin.OpcUa.Client;
using Twin.Interop.Tests.Peers;
using Twin.OpcUa.Encoding;
using Twin.OpcUa.Server;
using Twin.OpcUa.Services;
using Twin.OpcUa.Tests;

namespace Twin.Interop.Tests.Security;

/// <summary>
/// What goes wrong on a secured channel, against node-opcua's server: an expired certificate is refused
/// clearly, a tampered chunk in either direction ends the connection (and the client comes back on a fresh
/// channel), and under SignAndEncrypt notifications lost with a cut connection return through Republish.
/// </summary>
public sealed class SecuredFailureInteropTests(SecuredNodeOpcUaServerFixture fixture) : IClassFixture<SecuredNodeOpcUaServerFixture>, IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private readonly string _root = Directory.CreateTempSubdirectory("twin-interop-secfail-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private Func<OpcUaClientOptions, OpcUaClientOptions> Secured(string pki, string policy = "Basic256Sha256", MessageSecurityMode mode = MessageSecurityMode.SignAndEncrypt) => o => o with
    {
        SecurityPolicy = policy,
        SecurityMode = mode,
        PkiFolder = Path.Combine(_root, pki),
        AutoAcceptUntrustedCertificates = true,
    };

    [Fact]
    public async Task Our_server_refuses_a_node_opcua_client_with_an_expired_certificate_clearly()
    {
        using var expired = TestCertificates.SelfSigned("urn:twin:interop:expired-client", "Expired node-opcua client", DateTimeOffset.UtcNow.AddDays(-60), DateTimeOffset.UtcNow.AddDays(-1));
        var cert = Path.Combine(_root, "expired-cert.pem");
        var key = Path.Combine(_root, "expired-key.pem");
        await File.WriteAllTextAsync(cert, expired.ExportCertificatePem());
        using (var rsa = System.Security.Cryptography.X509Certificates.RSACertificateExtensions.GetRSAPrivateKey(expired)!)
        {
            await File.WriteAllTextAsync(key, rsa.ExportRSAPrivateKeyPem());
        }

        var log = new CollectingLogger();
        await using var server = new OpcUaServer(new OpcUaServerOptions
        {
            Port = 0, ListenAddress = "127.0.0.1", HostName = "127.0.0.1",
            SecurityEndpoints = ["Basic256Sha256:SignAndEncrypt"],
            PkiFolder = Path.Combine(_root, "server"),
            AutoAcceptUntrustedCertificates = true, // even so: an expired certificate is never accepted
        }, log);
        await server.StartAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            NodeOpcUaClient.ConnectAsync(server.EndpointUrl, ["--security", "Basic256Sha256:SignAndEncrypt", "--cert", cert, "--key", key]));
        Assert.Contains("error", error.Message, StringComparison.Ordinal);
        Assert.Contains(log.Lines, l => l.Contains(expired.Thumbprint, StringComparison.Ordinal) && l.Contains("not now", StringComparison.Ordinal));
        Assert.Empty(Directory.GetFiles(Path.Combine(_root, "server", "trusted", "certs"), "*Expired*"));
    }

    [Fact]
    public async Task Our_server_refuses_an_untrusted_node_opcua_client_names_its_thumbprint_and_accepts_it_once_trusted()
    {
        var log = new CollectingLogger();
        var serverPki = Path.Combine(_root, "strict-server");
        await using var server = new OpcUaServer(new OpcUaServerOptions
        {
            Port = 0, ListenAddress = "127.0.0.1", HostName = "127.0.0.1",
            SecurityEndpoints = ["Basic256Sha256:SignAndEncrypt"],
            PkiFolder = serverPki, // no auto-accept: an unknown client is refused
        }, log);
        await server.StartAsync();
        // The node-opcua client keeps its PKI folder (and so its certificate) between the two attempts.
        string[] arguments = ["--security", "Basic256Sha256:SignAndEncrypt", "--pki", Path.Combine(_root, "node-client")];

        await Assert.ThrowsAsync<InvalidOperationException>(() => NodeOpcUaClient.ConnectAsync(server.EndpointUrl, arguments));
        var rejected = Assert.Single(Directory.GetFiles(Path.Combine(serverPki, "rejected", "certs")));
        var thumbprint = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificateFromFile(rejected).Thumbprint;
        Assert.Contains(log.Lines, l => l.Contains(thumbprint, StringComparison.Ordinal) && l.Contains("twin opcua certificates trust", StringComparison.Ordinal));

        // What the operator does with that line (the command's own code path): the client is accepted from then on.
        Assert.True(new Twin.OpcUa.Security.PkiStore(serverPki).Trust(thumbprint));
        await using var client = await NodeOpcUaClient.ConnectAsync(server.EndpointUrl, arguments);
        var answer = await client.RequestAsync("read", new System.Text.Json.Nodes.JsonObject { ["nodeIds"] = new System.Text.Json.Nodes.JsonArray("i=2258") });
        Assert.Equal("Good", answer.GetProperty("values")[0].GetProperty("statusCode").GetString());
    }

    [Theory]
    [InlineData(MessageSecurityMode.Sign)]
    [InlineData(MessageSecurityMode.SignAndEncrypt)]
    public async Task A_tampered_chunk_from_our_client_is_rejected_by_node_opcua_which_closes_the_connection(MessageSecurityMode mode)
    {
        await using var proxy = new TcpCutProxy(fixture.Server.Port);
        await using var client = await OurClient.ConnectAsync(proxy.Rewrite(fixture.Server.EndpointUrl), Secured("tamper-out", "Aes256_Sha256_RsaPss", mode));
        Assert.Equal(3.25, (await client.ReadValueAsync(NodeId.Parse("ns=2;s=Types.Double"))).Value.ToDouble());
        var connections = proxy.ConnectionsAccepted;
        var lost = OurClient.WhenStateChangeAsync(client, e => e.Current == ConnectionState.Reconnecting, Wait, "after the tampered request");
        var back = OurClient.WhenStateChangeAsync(client, OurClient.Reconnected, Wait, "reconnect after the tampered request");

        proxy.TamperNextClientMessage();
        await Assert.ThrowsAnyAsync<Exception>(() => client.ReadValueAsync(NodeId.Parse("ns=2;s=Types.Double")));
        await lost;

        // A new TCP connection and channel; the session goes on.
        await back;
        Assert.True(proxy.ConnectionsAccepted > connections);
        Assert.Equal(3.25, (await client.ReadValueAsync(NodeId.Parse("ns=2;s=Types.Double"))).Value.ToDouble());
    }

    [Fact]
    public async Task A_tampered_chunk_from_node_opcua_is_rejected_by_our_client_which_closes_the_channel()
    {
        await using var proxy = new TcpCutProxy(fixture.Server.Port);
        await using var client = await OurClient.ConnectAsync(proxy.Rewrite(fixture.Server.EndpointUrl), Secured("tamper-in"));
        Assert.Equal(3.25, (await client.ReadValueAsync(NodeId.Parse("ns=2;s=Types.Double"))).Value.ToDouble());
        var reasons = new System.Collections.Concurrent.ConcurrentQueue<string>();
        client.ConnectionStateChanged += (_, e) => reasons.Enqueue($"{e.Current}: {e.Reason}");
        var back = OurClient.WhenStateChangeAsync(client, OurClient.Reconnected, Wait, "reconnect after the tampered response");

        proxy.TamperNextServerMessage();
        var error = await Assert.ThrowsAnyAsync<Exception>(() => client.ReadValueAsync(NodeId.Parse("ns=2;s=Types.Double")));
        await back;

        Assert.Contains(reasons, r => r.StartsWith("Reconnecting", StringComparison.Ordinal) && r.Contains("BadSecurityChecksFailed", StringComparison.Ordinal));
        Assert.Contains("BadSecurityChecksFailed", error.Message + string.Join(" ", reasons), StringComparison.Ordinal);
        Assert.Equal(3.25, (await client.ReadValueAsync(NodeId.Parse("ns=2;s=Types.Double"))).Value.ToDouble());
    }

    [Fact]
    public async Task Under_SignAndEncrypt_notifications_lost_with_a_cut_connection_come_back_through_Republish()
    {
        var server = fixture.Server;
        await using var proxy = new TcpCutProxy(server.Port);
        await using var client = await OurClient.ConnectAsync(proxy.Rewrite(server.EndpointUrl), Secured("republish", "Aes256_Sha256_RsaPss"));
        var received = new ReceivedChanges();
        var (_, items) = await OurClient.SubscribeAsync(client, received, OurClient.GoodCount);
        var goodCount = items[0].ClientHandle;
        var start = (uint)(await received.NextAsync(goodCount, Wait, "initial GoodCount")).Value.Value.Value!;
        var session = client.SessionId;

        // The changes are published (encrypted) and swallowed by the network, then the cable is pulled.
        proxy.DropServerToClient = true;
        await server.TickAsync(3);
        var deadline = DateTime.UtcNow.AddSeconds(5);
        var dropped = proxy.DroppedMessages;
        while (proxy.DroppedMessages < dropped + 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        var reconnected = OurClient.WhenStateChangeAsync(client, OurClient.Reconnected, Wait, "after the cut");
        proxy.CutAll();
        proxy.DropServerToClient = false;
        await reconnected;
        await server.TickAsync(3);
        var all = await received.CollectUntilAsync(goodCount, c => (uint)c.Value.Value.Value! >= start + 6, Wait, "GoodCount +6 after the reconnect");

        // node-opcua may re-send the last value after ActivateSession; repeats are fine, a missing value is not.
        var values = all.Select(c => (uint)c.Value.Value.Value!).Distinct().ToList();
        Assert.Equal(Enumerable.Range(1, 6).Select(i => start + (uint)i), values);
        Assert.NotEmpty(received.RepublishedSequenceNumbers);
        Assert.Empty(received.Gaps);
        Assert.Equal(session, client.SessionId);
    }

    /// <summary>Keeps the server's log lines.</summary>
    private sealed class CollectingLogger : Microsoft.Extensions.Logging.ILogger<OpcUaServer>
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _lines = new();

        public IReadOnlyCollection<string> Lines => _lines.ToArray();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _lines.Enqueue(formatter(state, exception));
    }
}
