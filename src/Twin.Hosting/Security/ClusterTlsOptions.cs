namespace Twin.Hosting.Security;

/// <summary>
/// TLS on the silo-to-silo and gateway ports, bound from <c>Twin:Tls</c>. Set <see cref="CertificatePath"/> to turn
/// it on; every silo and every SDK client then presents a certificate the cluster trusts (mutual TLS), so a process
/// that merely reaches the gateway port can no longer bypass the REST API's keys.
/// </summary>
public sealed class ClusterTlsOptions
{
    /// <summary>The configuration section these options come from.</summary>
    public const string Section = "Twin:Tls";

    /// <summary>This silo's certificate and private key (PKCS#12 .pfx/.p12). None: the cluster ports are not encrypted.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>Password of the .pfx file (give it through the environment, Twin__Tls__CertificatePassword; never logged).</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>The cluster CA's certificate (PEM or DER): silos and clients with a certificate it issued are let in.</summary>
    public string? TrustedAuthorityPath { get; set; }

    /// <summary>Thumbprints (SHA-1 hex) of certificates let in without a CA (pinning).</summary>
    public List<string> TrustedThumbprints { get; set; } = [];

    /// <summary>SDK clients must present a certificate too (default). Turn off only behind another authenticating layer.</summary>
    public bool RequireClientCertificate { get; set; } = true;

    /// <summary>True when TLS is configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(CertificatePath);
}
