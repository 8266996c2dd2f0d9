using System.Security.Cryptography.X509Certificates;
using Twin.Interop.Tests.ClientInterop;
using Twin.Interop.Tests.Peers;
using Twin.OpcUa.Client;
using Twin.OpcUa.Encoding;
using Twin.OpcUa.Server;
using Twin.OpcUa.Services;
using Twin.OpcUa.Tests;

namespace Twin.Interop.Tests.Security;

/// <summary>
/// Certificates that node-opcua presents or checks, beyond self-signed ones: a node-opcua server with an
/// expired certificate, one whose CA revoked it (CRL in our trusted/crl), one that sends its intermediate CA
/// so our client trusting only the root accepts it, and node-opcua's client checking our CA-issued server
/// certificate and the chain we send.
/// </summary>
public sealed class CertificateInteropTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("twin-interop-certs-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Folder(string name) => Path.Combine(_root, name);

    /// <summary>Writes a certificate chain (leaf first) and the leaf's key as PEM files for node-opcua.</summary>
    private (string Cert, string Key) WritePem(string name, X509Certificate2 leaf, params X509Certificate2[] issuers)
    {
        var cert = Path.Combine(_root, $"{name}-cert.pem");
        var key = Path.Combine(_root, $"{name}-key.pem");
        File.WriteAllText(cert, string.Concat(new[] { leaf }.Concat(issuers).Select(c => c.ExportCertificatePem() + "\n")));
        using var rsa = leaf.GetRSAPrivateKey()!;
        File.WriteAllText(key, rsa.ExportRSAPrivateKeyPem());
        return (cert, key);
    }

    private static Task<NodeOpcUaServer> StartServerAsync((string Cert, string Key) pem) =>
        NodeOpcUaServer.StartAsync(FreeTcpPort.Next(), paused: true, extraArguments: ["--secure", "--cert", pem.Cert, "--key", pem.Key]);

    private Func<OpcUaClientOptions, OpcUaClientOptions> Strict(string pki, bool autoAccept = false) => o => o with
    {
        SecurityPolicy = "Basic256Sha256",
        SecurityMode = MessageSecurityMode.SignAndEncrypt,
        PkiFolder = Folder(pki),
        AutoAcceptUntrustedCertificates = autoAccept,
    };

    [Fact]
    public async Task Our_client_refuses_a_node_opcua_server_with_an_expired_certificate_clearly()
    {
        using var expired = TestCertificates.SelfSigned("urn:twin:interop:expired-server", "Expired node-opcua server", DateTimeOffset.UtcNow.AddDays(-90), DateTimeOffset.UtcNow.AddDays(-2));
        await using var server = await StartServerAsync(WritePem("expired", expired));

        // Even with auto-accept on (development setting), an expired certificate is never taken.
        var error = await Assert.ThrowsAsync<ServiceResultException>(() => OurClient.ConnectAsync(server.EndpointUrl, Strict("expired-client", autoAccept: true)));
        Assert.Equal(StatusCode.BadCertificateTimeInvalid, error.Status);
        Assert.Contains(expired.Thumbprint, error.Message, StringComparison.Ordinal);
        Assert.Contains("not now", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Path.Combine(Folder("expired-client"), "trusted", "certs")));
    }

    [Fact]
    public async Task A_node_opcua_server_sending_its_intermediate_is_accepted_by_the_root_alone_and_refused_once_revoked()
    {
        using var root = TestCertificates.CreateCa("Interop root CA");
        using var intermediate = TestCertificates.CreateCa("Interop line CA", issuer: root);
        using var leaf = TestCertificates.Issue(intermediate, "urn:twin:interop:chain-server", "Chained node-opcua server");
        await using var server = await StartServerAsync(WritePem("chain", leaf, intermediate));

        // Trusting only the root: the intermediate comes from the server's chain, nothing is stored as trusted.
        TestCertificates.Put(Folder("root-only"), "trusted/certs", root);
        await using (var client = await OurClient.ConnectAsync(server.EndpointUrl, Strict("root-only")))
        {
            Assert.Equal(3.25, (await client.ReadValueAsync(NodeId.Parse("ns=2;s=Types.Double"))).Value.ToDouble());
        }

        Assert.Single(Directory.GetFiles(Path.Combine(Folder("root-only"), "trusted", "certs")));
        Assert.Empty(Directory.GetFiles(Path.Combine(Folder("root-only"), "rejected", "certs")));

        // The intermediate's CRL naming the server certificate: refused, even with auto-accept on.
        TestCertificates.Put(Folder("revoked"), "trusted/certs", root);
        Directory.CreateDirectory(Path.Combine(Folder("revoked"), "issuers", "crl"));
        File.WriteAllBytes(Path.Combine(Folder("revoked"), "issuers", "crl", "line-ca.crl"), TestCertificates.RevocationList(intermediate, leaf));
        var error = await Assert.ThrowsAsync<ServiceResultException>(() => OurClient.ConnectAsync(server.EndpointUrl, Strict("revoked", autoAccept: true)));
        Assert.Equal(StatusCode.BadCertificateRevoked, error.Status);
        Assert.Contains(leaf.Thumbprint, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Node_opcua_trusting_only_our_CA_accepts_our_CA_issued_server_certificate_and_refuses_it_once_revoked()
    {
        // node-opcua 2.182 trusts a CA-issued certificate only when its direct issuer is trusted (an intermediate
        // sent in the chain but not trusted is refused with BadCertificateUntrusted), so the CA here issues the
        // server certificate itself; root-only trust through a sent intermediate is proven against our own stack
        // (CertificateTrustTests) and against node-opcua's server above.
        using var ca = TestCertificates.CreateCa("Twin site CA");
        using var leaf = TestCertificates.Issue(ca, "urn:twin:opcua:server", "Twin CA-issued server");
        var serverPki = Folder("our-server");
        TestCertificates.InstallOwn(serverPki, leaf);
        TestCertificates.Put(serverPki, "issuers/certs", ca);
        await using var server = new OpcUaServer(new OpcUaServerOptions
        {
            Port = 0, ListenAddress = "127.0.0.1", HostName = "127.0.0.1",
            SecurityEndpoints = ["Basic256Sha256:SignAndEncrypt"],
            PkiFolder = serverPki,
            AutoAcceptUntrustedCertificates = true,
        });
        var ns = server.AddressSpace.RegisterNamespace("urn:twin:interop:chain");
        server.AddressSpace.AddVariable(WellKnownNodes.ObjectsFolder, new NodeId("Chain.Value", ns), "Value", new Variant(42.5));
        await server.StartAsync();

        // node-opcua's client PKI (strict: no auto-accept): the CA and its revocation list, which it insists on.
        string NodePki(string name, params X509Certificate2[] revoked)
        {
            var pki = Folder(name);
            File.WriteAllText(Path.Combine(pki, "trusted", "certs", "site-ca.pem").EnsureFolder(), ca.ExportCertificatePem());
            File.WriteAllBytes(Path.Combine(pki, "trusted", "crl", "site-ca.crl").EnsureFolder(), TestCertificates.RevocationList(ca, revoked));
            return pki;
        }

        await using (var client = await NodeOpcUaClient.ConnectAsync(server.EndpointUrl, ["--security", "Basic256Sha256:SignAndEncrypt", "--pki", NodePki("node-client"), "--strict"]))
        {
            var answer = await client.RequestAsync("read", new System.Text.Json.Nodes.JsonObject { ["nodeIds"] = new System.Text.Json.Nodes.JsonArray($"ns={ns};s=Chain.Value") });
            Assert.Equal(42.5, answer.GetProperty("values")[0].GetProperty("value").GetDouble());
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            NodeOpcUaClient.ConnectAsync(server.EndpointUrl, ["--security", "Basic256Sha256:SignAndEncrypt", "--pki", NodePki("node-revoked", leaf), "--strict"]));
        Assert.Contains("BadCertificateRevoked", error.Message, StringComparison.Ordinal);
    }
}

internal static class PathExtensions
{
    /// <summary>Creates the folder of a file path and returns the path.</summary>
    public static string EnsureFolder(this string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }
}
