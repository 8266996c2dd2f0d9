using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Twin.Client;
using Twin.Contracts.Security;
using Twin.Hosting;
using Twin.Hosting.Configuration;
using Twin.Testing;

namespace Twin.Integration.Tests.Platform;

/// <summary>
/// The gateway door: with Twin:Tls a PostgreSQL-profile silo speaks TLS on its cluster ports and lets in only SDK
/// clients whose certificate the cluster's CA issued. A client without a certificate, or with a self-made one, does
/// not get to call a grain.
/// </summary>
public sealed class ClusterTlsTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IDisposable
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(30);
    // A refused client keeps retrying the handshake; 10 s of refusals is the proof, not a wait for success.
    private static readonly TimeSpan RefusalWindow = TimeSpan.FromSeconds(10);
    private readonly string _folder = Directory.CreateTempSubdirectory("twin-tls-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Only_clients_with_a_certificate_from_the_cluster_authority_reach_the_grains()
    {
        using var authority = Authority("CN=Twin plant cluster CA");
        var caPath = Path.Combine(_folder, "ca.crt");
        await File.WriteAllTextAsync(caPath, authority.ExportCertificatePem());
        var silo = Issue(authority, "CN=silo-1", Path.Combine(_folder, "silo.pfx"), "silo-secret");
        var client = Issue(authority, "CN=mes-line-2", Path.Combine(_folder, "client.pfx"), "client-secret");
        var rogue = SelfSigned("CN=mes-line-2", Path.Combine(_folder, "rogue.pfx"), "rogue-secret");
        var clusterId = "tls-" + Guid.NewGuid().ToString("N")[..8];

        await using var app = await InProcessSilo.StartAsync(database.ConnectionString, clusterId, new Dictionary<string, string?>
        {
            ["Twin:Tls:CertificatePath"] = silo,
            ["Twin:Tls:CertificatePassword"] = "silo-secret",
            ["Twin:Tls:TrustedAuthorityPath"] = caPath,
        });

        // A certificate from the cluster's authority: commands and reads work as without TLS.
        using (var trusted = await ClientAsync(clusterId, o => (o.TlsCertificatePath, o.TlsCertificatePassword, o.TlsTrustedAuthorityPath) = (client, "client-secret", caPath)))
        {
            var twins = trusted.Services.GetRequiredService<ITwinClient>();
            Assert.Empty(await twins.Machines.ListAsync("tls-plant"));
            await trusted.StopAsync();
        }

        // No TLS at all, and a self-signed certificate with the same name: the gateway lets neither in.
        await AssertRefusedAsync(clusterId, _ => { });
        await AssertRefusedAsync(clusterId, o => (o.TlsCertificatePath, o.TlsCertificatePassword, o.TlsTrustedAuthorityPath) = (rogue, "rogue-secret", caPath));
    }

    [Fact]
    public void A_wrong_certificate_setting_stops_the_silo_with_one_line_naming_it()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Twin"] = database.ConnectionString,
            ["Twin:Tls:CertificatePath"] = Path.Combine(_folder, "missing.pfx"),
            ["Twin:Tls:TrustedAuthorityPath"] = Path.Combine(_folder, "ca.crt"),
            ["Twin:Tls:CertificatePassword"] = "do-not-print-me",
        });

        var error = Assert.Throws<TwinConfigurationException>(() => builder.AddTwinPlatform());

        Assert.Contains("Twin:Tls:CertificatePath", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("do-not-print-me", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Trust_accepts_what_the_authority_issued_or_what_is_pinned_and_nothing_else()
    {
        using var authority = Authority("CN=Twin CA");
        var own = Issue(authority, "CN=silo", Path.Combine(_folder, "own.pfx"), "pw");
        var caPath = Path.Combine(_folder, "ca.pem");
        File.WriteAllText(caPath, authority.ExportCertificatePem());
        var stranger = X509CertificateLoader.LoadPkcs12FromFile(SelfSigned("CN=stranger", Path.Combine(_folder, "s.pfx"), "pw"), "pw");
        var issued = X509CertificateLoader.LoadPkcs12FromFile(Issue(authority, "CN=client", Path.Combine(_folder, "c.pfx"), "pw"), "pw");

        var byAuthority = ClusterCertificates.Load("Twin:Tls", own, "pw", caPath, null);
        var byPin = ClusterCertificates.Load("Twin:Tls", own, "pw", null, [stranger.Thumbprint.ToLowerInvariant()]);

        Assert.True(byAuthority.Accepts(issued, out _));
        Assert.False(byAuthority.Accepts(stranger, out var why));
        Assert.Contains("not issued by the cluster authority", why, StringComparison.Ordinal);
        Assert.True(byPin.Accepts(stranger, out _));
        Assert.False(byPin.Accepts(issued, out _));
        Assert.Throws<ClusterCertificateException>(() => ClusterCertificates.Load("Twin:Tls", own, "wrong", caPath, null));
    }

    private async Task AssertRefusedAsync(string clusterId, Action<TwinClientOptions> tls)
    {
        using var host = BuildClient(database.ConnectionString, clusterId, tls);
        using var timeout = new CancellationTokenSource(RefusalWindow);
        var connected = false;
        try
        {
            await host.StartAsync(timeout.Token);
            var twins = host.Services.GetRequiredService<ITwinClient>();
            await twins.Machines.ListAsync("tls-plant", timeout.Token);
            connected = true;
        }
        catch (Exception)
        {
            // Refused during the handshake: the client never reaches a grain.
        }

        Assert.False(connected, "a client without a certificate from the cluster authority called a grain");
    }

    private async Task<IHost> ClientAsync(string clusterId, Action<TwinClientOptions> tls)
    {
        var host = BuildClient(database.ConnectionString, clusterId, tls);
        using var timeout = new CancellationTokenSource(ConnectTimeout);
        await host.StartAsync(timeout.Token);
        return host;
    }

    private static IHost BuildClient(string connectionString, string clusterId, Action<TwinClientOptions> tls)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.AddTwinClient(o =>
        {
            o.ConnectionString = connectionString;
            o.ClusterId = clusterId;
            tls(o);
        });
        return builder.Build();
    }

    private static CertificateRequest Request(string subject, RSA key, bool authority)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(authority, false, 0, true));
        if (authority)
        {
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        }
        else
        {
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
            // Silos are servers and clients of each other; SDK clients are clients.
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        }

        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request;
    }

    private static X509Certificate2 Authority(string subject)
    {
        using var key = RSA.Create(2048);
        return Request(subject, key, authority: true).CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
    }

    private static string Issue(X509Certificate2 authority, string subject, string path, string password)
    {
        using var key = RSA.Create(2048);
        var serial = RandomNumberGenerator.GetBytes(12);
        using var issued = Request(subject, key, authority: false).Create(authority, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(30), serial);
        using var withKey = issued.CopyWithPrivateKey(key);
        File.WriteAllBytes(path, withKey.Export(X509ContentType.Pfx, password));
        return path;
    }

    private static string SelfSigned(string subject, string path, string password)
    {
        using var key = RSA.Create(2048);
        using var certificate = Request(subject, key, authority: false).CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(30));
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, password));
        return path;
    }
}
