using Twin.OpcUa.Client;
using Twin.OpcUa.Encoding;
using Twin.OpcUa.Security;
using Twin.OpcUa.Server;
using Twin.OpcUa.Services;

namespace Twin.OpcUa.Tests;

/// <summary>
/// Trust through CAs (trusted / issuers folders, X509Chain), revocation lists, expired certificates, the
/// rejected folder's log line, the application certificate's size and lifetime, and endpoint selection.
/// </summary>
public sealed class CertificateTrustTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("twin-opcua-trust-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Pki(string name) => Path.Combine(_root, name);

    [Fact]
    public void A_certificate_issued_by_a_trusted_CA_is_accepted_without_being_trusted_itself()
    {
        using var ca = TestCertificates.CreateCa("Plant CA");
        using var server = TestCertificates.Issue(ca, "urn:plc1", "plc1");
        TestCertificates.Put(Pki("c"), "trusted/certs", ca);
        TestCertificates.Put(Pki("c"), "issuers/certs", ca);
        var store = new PkiStore(Pki("c"));
        store.Validate(server, "the server");
        Assert.Empty(Directory.GetFiles(store.RejectedCerts));

        // A chain the peer sends (leaf, intermediate) to an intermediate's root in trusted is accepted too.
        using var intermediate = TestCertificates.CreateCa("Line CA", issuer: ca);
        using var leaf = TestCertificates.Issue(intermediate, "urn:plc2", "plc2");
        store.Validate([leaf, intermediate], "the server");
    }

    [Fact]
    public async Task CA_issued_applications_send_their_intermediate_so_peers_that_trust_only_the_root_accept_them()
    {
        // Root → intermediate → leaf on both sides; each side holds its intermediate (client: issuers/certs,
        // server: own/certs beside cert.der) and trusts only the root, so each must get the other's intermediate
        // from the chain on the wire (SenderCertificate, ClientCertificate, ServerCertificate).
        using var root = TestCertificates.CreateCa("Plant root CA");
        using var intermediate = TestCertificates.CreateCa("Plant line CA", issuer: root);
        using var serverLeaf = TestCertificates.Issue(intermediate, "urn:twin:opcua:server", "chain server");
        using var clientLeaf = TestCertificates.Issue(intermediate, "urn:twin:opcua:client", "chain client");
        TestCertificates.InstallOwn(Pki("server"), serverLeaf);
        TestCertificates.Put(Pki("server"), "own/certs", intermediate);
        TestCertificates.Put(Pki("server"), "trusted/certs", root);
        TestCertificates.InstallOwn(Pki("client"), clientLeaf);
        TestCertificates.Put(Pki("client"), "issuers/certs", intermediate);
        TestCertificates.Put(Pki("client"), "trusted/certs", root);

        await using var server = await LoopbackServer.StartAsync(new OpcUaServerOptions
        {
            SecurityEndpoints = ["Basic256Sha256:SignAndEncrypt"],
            PkiFolder = Pki("server"),
            ApplicationUri = "urn:twin:opcua:server",
        });
        await using var client = new OpcUaClient(LoopbackServer.ClientOptions(server) with
        {
            SecurityPolicy = "Basic256Sha256",
            SecurityMode = MessageSecurityMode.SignAndEncrypt,
            PkiFolder = Pki("client"),
            ApplicationUri = "urn:twin:opcua:client",
        });
        await client.ConnectAsync();
        Assert.Equal(20.5, (await client.ReadValueAsync(LoopbackServer.Temperature)).Value.ToDouble());

        // Neither side had to trust the other's certificate itself, and nothing was rejected.
        Assert.Single(Directory.GetFiles(Path.Combine(Pki("server"), "trusted", "certs")));
        Assert.Single(Directory.GetFiles(Path.Combine(Pki("client"), "trusted", "certs")));
        Assert.Empty(Directory.GetFiles(Path.Combine(Pki("server"), "rejected", "certs")));
        Assert.Empty(Directory.GetFiles(Path.Combine(Pki("client"), "rejected", "certs")));
        var sent = ApplicationCertificate.ReadChain(client.ServerEndpoints.First(e => e.SecurityMode == MessageSecurityMode.SignAndEncrypt).ServerCertificate);
        Assert.Equal([serverLeaf.Thumbprint, intermediate.Thumbprint], sent.Select(c => c.Thumbprint));
    }

    [Fact]
    public void A_CA_only_in_issuers_does_not_make_its_certificates_trusted_and_the_log_says_how_to_trust()
    {
        using var ca = TestCertificates.CreateCa("Vendor CA");
        using var server = TestCertificates.Issue(ca, "urn:plc1", "plc1");
        TestCertificates.Put(Pki("c"), "issuers/certs", ca);
        var logger = new CollectingLogger<PkiStore>();
        var store = new PkiStore(Pki("c"), logger: logger);
        var error = Assert.Throws<ServiceResultException>(() => store.Validate(server, "the server"));
        Assert.Equal(StatusCode.BadCertificateUntrusted, error.Status);
        Assert.Single(Directory.GetFiles(store.RejectedCerts));
        var line = Assert.Single(logger.Text.Split(Environment.NewLine), m => m.Contains(server.Thumbprint, StringComparison.Ordinal));
        Assert.Contains($"twin opcua certificates trust {server.Thumbprint} --pki", line, StringComparison.Ordinal);

        // The command's action: trusted by thumbprint, then accepted.
        Assert.True(store.Trust(server.Thumbprint));
        store.Validate(server, "the server");
    }

    [Fact]
    public void A_revocation_list_of_the_CA_refuses_the_certificates_it_names_and_a_forged_list_is_ignored()
    {
        using var ca = TestCertificates.CreateCa("Plant CA");
        using var other = TestCertificates.CreateCa("Other CA");
        using var revoked = TestCertificates.Issue(ca, "urn:plc1", "plc1");
        using var fine = TestCertificates.Issue(ca, "urn:plc2", "plc2");
        TestCertificates.Put(Pki("c"), "trusted/certs", ca);
        var store = new PkiStore(Pki("c"));
        File.WriteAllBytes(Path.Combine(store.TrustedCrls, "plant-ca.crl"), TestCertificates.RevocationList(ca, revoked));
        var error = Assert.Throws<ServiceResultException>(() => store.Validate(revoked, "the server"));
        Assert.Equal(StatusCode.BadCertificateRevoked, error.Status);
        store.Validate(fine, "the server");

        // A list signed by another CA cannot revoke this CA's certificates.
        var forgedStore = new PkiStore(Pki("d"));
        TestCertificates.Put(Pki("d"), "trusted/certs", ca);
        File.WriteAllBytes(Path.Combine(forgedStore.IssuerCrls, "forged.crl"), TestCertificates.RevocationList(other, fine));
        forgedStore.Validate(fine, "the server");
    }

    [Fact]
    public void Expired_certificates_and_expired_issuers_are_refused_clearly_and_not_stored()
    {
        using var ca = TestCertificates.CreateCa("Plant CA");
        using var expired = TestCertificates.Issue(ca, "urn:plc1", "plc1", DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddDays(-1));
        // The CA that is trusted has expired; its key (and name) issued a certificate that is still valid.
        using var oldKey = System.Security.Cryptography.RSA.Create(2048);
        using var oldCaWhenValid = TestCertificates.CreateCa("Old CA", DateTimeOffset.UtcNow.AddYears(-3), DateTimeOffset.UtcNow.AddYears(2), key: oldKey);
        using var oldCa = TestCertificates.CreateCa("Old CA", DateTimeOffset.UtcNow.AddYears(-3), DateTimeOffset.UtcNow.AddDays(-2), key: oldKey);
        using var underOldCa = TestCertificates.Issue(oldCaWhenValid, "urn:plc2", "plc2", DateTimeOffset.UtcNow.AddYears(-2), DateTimeOffset.UtcNow.AddYears(1));
        TestCertificates.Put(Pki("c"), "trusted/certs", ca);
        TestCertificates.Put(Pki("c"), "trusted/certs", oldCa);
        var store = new PkiStore(Pki("c"));
        var error = Assert.Throws<ServiceResultException>(() => store.Validate(expired, "the server"));
        Assert.Equal(StatusCode.BadCertificateTimeInvalid, error.Status);
        Assert.Contains("not now", error.Message, StringComparison.Ordinal);
        error = Assert.Throws<ServiceResultException>(() => store.Validate(underOldCa, "the server"));
        Assert.Equal(StatusCode.BadCertificateIssuerTimeInvalid, error.Status);
        Assert.Empty(Directory.GetFiles(store.RejectedCerts));
    }

    [Fact]
    public void The_application_certificate_has_the_configured_key_size_and_lifetime()
    {
        var store = new PkiStore(Pki("own"));
        using var certificate = store.LoadOrCreateOwn("urn:test:app", "Test app", ["localhost"], keySize: 3072, lifetime: TimeSpan.FromDays(90));
        Assert.Equal(3072, certificate.PrivateKey.KeySize);
        var days = (certificate.Certificate.NotAfter - certificate.Certificate.NotBefore).TotalDays;
        Assert.InRange(days, 90, 92); // valid from a day back, against clock skew
        Assert.Throws<ArgumentException>(() => ApplicationCertificate.CreateSelfSigned("urn:x", "x", [], 1024, TimeSpan.FromDays(1)));
    }

    [Fact]
    public async Task Our_client_trusts_a_server_whose_CA_issued_certificate_chains_to_a_trusted_CA()
    {
        using var ca = TestCertificates.CreateCa("Plant CA");
        var serverOptions = new OpcUaServerOptions { SecurityEndpoints = ["Basic256Sha256:SignAndEncrypt"], PkiFolder = Pki("server"), AutoAcceptUntrustedCertificates = true };
        using var issued = TestCertificates.Issue(ca, serverOptions.ApplicationUri, "Twin test server");
        TestCertificates.InstallOwn(Pki("server"), issued);
        TestCertificates.Put(Pki("client"), "trusted/certs", ca);
        TestCertificates.Put(Pki("client"), "issuers/certs", ca);
        await using var server = await LoopbackServer.StartAsync(serverOptions);
        Assert.Equal(issued.Thumbprint, server.ApplicationCertificate!.Thumbprint);
        await using var client = new OpcUaClient(LoopbackServer.ClientOptions(server) with
        {
            SecurityPolicy = "Basic256Sha256", PkiFolder = Pki("client"),
        });
        await client.ConnectAsync();
        Assert.Equal(20.5, (await client.ReadValueAsync(LoopbackServer.Temperature)).Value.ToDouble());
        Assert.Empty(Directory.GetFiles(Path.Combine(Pki("client"), "rejected", "certs")));
        Assert.Empty(Directory.GetFiles(Path.Combine(Pki("client"), "trusted", "certs"), "*plc*"));
    }

    [Fact]
    public async Task Best_picks_the_strongest_offered_endpoint_and_None_only_when_allowed()
    {
        await using (var server = await LoopbackServer.StartAsync(new OpcUaServerOptions
        {
            SecurityEndpoints = ["None", "Basic256Sha256:Sign", "Aes128_Sha256_RsaOaep:SignAndEncrypt", "Aes256_Sha256_RsaPss:Sign"],
            PkiFolder = Pki("server"), AutoAcceptUntrustedCertificates = true,
        }))
        {
            await using var client = new OpcUaClient(LoopbackServer.ClientOptions(server) with
            {
                SecurityPolicy = "Best", PkiFolder = Pki("client"), AutoAcceptUntrustedCertificates = true,
            });
            await client.ConnectAsync();
            // Encryption first, then the policy order: Aes128 SignAndEncrypt beats Aes256 Sign.
            Assert.Equal((SecurityPolicy.Aes128Sha256RsaOaep, MessageSecurityMode.SignAndEncrypt), (client.SecurityPolicy, client.SecurityMode));
            Assert.Equal(20.5, (await client.ReadValueAsync(LoopbackServer.Temperature)).Value.ToDouble());
        }

        await using var plain = await LoopbackServer.StartAsync();
        var options = LoopbackServer.ClientOptions(plain) with { SecurityPolicy = "Best", PkiFolder = Pki("client") };
        await using (var refused = new OpcUaClient(options))
        {
            var error = await Assert.ThrowsAsync<ServiceResultException>(() => refused.ConnectAsync());
            Assert.Equal(StatusCode.BadSecurityPolicyRejected, error.Status);
            Assert.Contains("allowSecurityNone", error.Message, StringComparison.Ordinal);
        }

        await using var allowed = new OpcUaClient(options with { AllowSecurityNone = true });
        await allowed.ConnectAsync();
        Assert.True(allowed.SecurityPolicy.IsNone);
        Assert.Equal(20.5, (await allowed.ReadValueAsync(LoopbackServer.Temperature)).Value.ToDouble());
    }
}
