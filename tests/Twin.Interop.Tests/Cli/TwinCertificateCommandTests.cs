using Twin.OpcUa.Server;

namespace Twin.Interop.Tests.Cli;

/// <summary>`twin opcua endpoints` and `twin opcua certificates list|trust|reject` against our secured server.</summary>
public sealed class TwinCertificateCommandTests : IDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);
    private readonly string _root = Directory.CreateTempSubdirectory("twin-cli-certs-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Endpoints_then_a_refused_server_certificate_is_trusted_by_thumbprint_and_the_read_works()
    {
        await using var server = new OpcUaServer(new OpcUaServerOptions
        {
            Port = 0, ListenAddress = "127.0.0.1", HostName = "127.0.0.1",
            SecurityEndpoints = ["None", "Basic256Sha256:Sign", "Aes256_Sha256_RsaPss:SignAndEncrypt"],
            PkiFolder = Path.Combine(_root, "server"), AutoAcceptUntrustedCertificates = true,
        });
        var node = new Twin.OpcUa.Encoding.NodeId("Cell1.Count", 1);
        server.AddressSpace.AddVariable(Twin.OpcUa.Services.WellKnownNodes.ObjectsFolder, node, "Count", new Twin.OpcUa.Encoding.Variant(7u));
        await server.StartAsync();
        var thumbprint = server.ApplicationCertificate!.Thumbprint;
        var pki = Path.Combine(_root, "cli");

        var endpoints = new TwinCli();
        Assert.Equal(0, await endpoints.RunAsync(CommandTimeout, "opcua", "endpoints", server.EndpointUrl));
        Assert.Contains(endpoints.Output.Lines, l => l.StartsWith("Aes256_Sha256_RsaPss SignAndEncrypt", StringComparison.Ordinal) && l.Contains("<- best", StringComparison.Ordinal));
        Assert.Contains(endpoints.Output.Lines, l => l.StartsWith("None None", StringComparison.Ordinal));
        Assert.Contains(endpoints.Output.Lines, l => l.Contains($"thumbprint {thumbprint}", StringComparison.Ordinal));

        var refused = new TwinCli();
        Assert.Equal(1, await refused.RunAsync(CommandTimeout, "opcua", "read", server.EndpointUrl, "ns=1;s=Cell1.Count", "--security", "Best", "--pki", pki));
        Assert.Contains(refused.Error.Lines, l => l.Contains($"twin opcua certificates trust {thumbprint}", StringComparison.Ordinal));

        var list = new TwinCli();
        Assert.Equal(0, await list.RunAsync(CommandTimeout, "opcua", "certificates", "list", "--pki", pki));
        var rejectedAt = list.Output.Lines.ToList().FindIndex(l => l.StartsWith("rejected", StringComparison.Ordinal));
        Assert.Contains(thumbprint, list.Output.Lines[rejectedAt + 1], StringComparison.Ordinal);

        var trust = new TwinCli();
        Assert.Equal(0, await trust.RunAsync(CommandTimeout, "opcua", "certificates", "trust", thumbprint, "--pki", pki));
        var read = new TwinCli();
        Assert.Equal(0, await read.RunAsync(CommandTimeout, "opcua", "read", server.EndpointUrl, "ns=1;s=Cell1.Count", "--security", "Best", "--pki", pki));
        Assert.Contains(read.Output.Lines, l => l.Contains("7  UInt32  Good", StringComparison.Ordinal));

        var reject = new TwinCli();
        Assert.Equal(0, await reject.RunAsync(CommandTimeout, "opcua", "certificates", "reject", thumbprint, "--pki", pki));
        var unknown = new TwinCli();
        Assert.Equal(1, await unknown.RunAsync(CommandTimeout, "opcua", "certificates", "reject", thumbprint, "--pki", pki));
        Assert.Contains(unknown.Error.Lines, l => l.Contains("No certificate with thumbprint", StringComparison.Ordinal));
    }
}
