using Microsoft.Extensions.Configuration;
using Orleans.Connections.Security;
using Twin.Contracts.Security;
using Twin.Hosting.Configuration;

namespace Twin.Hosting.Security;

/// <summary>Turns <c>Twin:Tls</c> into Orleans' TLS on the silo and gateway ports (mutual, with the cluster's trust rule).</summary>
internal static class ClusterTls
{
    /// <summary>The settings, read and loaded now so a wrong path or password stops the silo with one line.</summary>
    public static (ClusterTlsOptions Options, ClusterCertificates? Certificates) Read(IConfiguration configuration)
    {
        var options = configuration.GetSection(ClusterTlsOptions.Section).Get<ClusterTlsOptions>() ?? new ClusterTlsOptions();
        if (!options.Enabled)
        {
            return (options, null);
        }

        try
        {
            return (options, ClusterCertificates.Load(ClusterTlsOptions.Section, options.CertificatePath!, options.CertificatePassword,
                options.TrustedAuthorityPath, options.TrustedThumbprints));
        }
        catch (ClusterCertificateException e)
        {
            throw new TwinConfigurationException(e.Message);
        }
    }

    public static void Apply(ISiloBuilder silo, ClusterTlsOptions options, ClusterCertificates certificates) =>
        silo.UseTls(certificates.Own, tls =>
        {
            // Silos authenticate each other both ways; clients must present a certificate unless told otherwise.
            tls.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
            tls.ClientCertificateMode = options.RequireClientCertificate ? RemoteCertificateMode.RequireCertificate : RemoteCertificateMode.AllowCertificate;
            // Replaces the platform's check (which wants a public CA and a matching host name) with the cluster's rule.
            tls.RemoteCertificateValidation = (certificate, _, _) => certificates.Accepts(certificate, out _);
        });
}
