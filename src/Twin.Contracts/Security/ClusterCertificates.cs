using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Twin.Contracts.Security;

/// <summary>
/// The trust rule of the cluster's TLS (silo-to-silo and SDK-client-to-gateway): a peer is let in when its
/// certificate was issued by the plant's cluster certificate authority, or when its thumbprint is listed (pinning,
/// for a plant without a CA). Host names are not checked: silos and clients reach each other by IP address, and the
/// question is "is this one of ours", which the issuing authority answers. Revocation is not looked up online: plant
/// networks are often cut off from the internet; remove a leaked certificate by rotating the authority or the pins.
/// It lives here because the silo and the client SDK must apply the same rule and both reference this assembly.
/// </summary>
public sealed class ClusterCertificates
{
    private readonly X509Certificate2? _authority;
    private readonly HashSet<string> _thumbprints;

    private ClusterCertificates(X509Certificate2 own, X509Certificate2? authority, IEnumerable<string> thumbprints)
    {
        Own = own;
        _authority = authority;
        _thumbprints = thumbprints.Select(Normalize).Where(t => t.Length > 0).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>This process's certificate, with its private key.</summary>
    public X509Certificate2 Own { get; }

    /// <summary>
    /// Loads the own certificate (PKCS#12 file with its private key) and the trust: an authority certificate file
    /// (PEM or DER) and/or pinned SHA-1 thumbprints. Throws <see cref="ClusterCertificateException"/> with one line
    /// naming <paramref name="settingPrefix"/>'s setting that is wrong and what to do.
    /// </summary>
    public static ClusterCertificates Load(string settingPrefix, string certificatePath, string? password, string? authorityPath, IEnumerable<string>? thumbprints)
    {
        var pins = (thumbprints ?? []).ToArray();
        if (string.IsNullOrWhiteSpace(authorityPath) && pins.Length == 0)
        {
            throw new ClusterCertificateException($"{settingPrefix}:TrustedAuthorityPath or {settingPrefix}:TrustedThumbprints must be set with {settingPrefix}:CertificatePath: say which certificates belong to the cluster (the CA that issued them, or their thumbprints).");
        }

        var own = LoadOwn(settingPrefix, certificatePath, password);
        X509Certificate2? authority = null;
        if (!string.IsNullOrWhiteSpace(authorityPath))
        {
            if (!File.Exists(authorityPath))
            {
                throw new ClusterCertificateException($"{settingPrefix}:TrustedAuthorityPath '{authorityPath}' does not exist; give the path of the cluster CA's certificate (PEM or DER).");
            }

            try
            {
                authority = X509CertificateLoader.LoadCertificateFromFile(authorityPath);
            }
            catch (CryptographicException e)
            {
                throw new ClusterCertificateException($"{settingPrefix}:TrustedAuthorityPath '{authorityPath}' is not a certificate ({e.Message.TrimEnd('.')}); give the CA's certificate as PEM or DER.");
            }
        }

        return new ClusterCertificates(own, authority, pins);
    }

    /// <summary>True when <paramref name="remote"/> belongs to the cluster; <paramref name="why"/> says why not.</summary>
    public bool Accepts(X509Certificate2? remote, out string why)
    {
        if (remote is null)
        {
            why = "no certificate was presented";
            return false;
        }

        if (_thumbprints.Contains(Normalize(remote.Thumbprint)))
        {
            why = "";
            return true;
        }

        if (_authority is null)
        {
            why = $"certificate {remote.Subject} ({remote.Thumbprint}) is not among the trusted thumbprints";
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(_authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain.Build(remote))
        {
            why = "";
            return true;
        }

        why = $"certificate {remote.Subject} ({remote.Thumbprint}) was not issued by the cluster authority {_authority.Subject}: "
            + string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct());
        return false;
    }

    private static X509Certificate2 LoadOwn(string settingPrefix, string path, string? password)
    {
        if (!File.Exists(path))
        {
            throw new ClusterCertificateException($"{settingPrefix}:CertificatePath '{path}' does not exist; give the path of a PKCS#12 (.pfx/.p12) file holding the certificate and its private key.");
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (CryptographicException)
        {
            // The message may echo nothing secret, but a wrong password and a wrong format look alike: say both.
            throw new ClusterCertificateException($"{settingPrefix}:CertificatePath '{path}' could not be opened: it is not a PKCS#12 file or {settingPrefix}:CertificatePassword is wrong.");
        }

        if (!certificate.HasPrivateKey)
        {
            throw new ClusterCertificateException($"{settingPrefix}:CertificatePath '{path}' holds no private key; export the certificate with its key (.pfx).");
        }

        if (certificate.NotAfter < DateTime.Now)
        {
            throw new ClusterCertificateException($"{settingPrefix}:CertificatePath '{path}': the certificate {certificate.Subject} expired on {certificate.NotAfter:yyyy-MM-dd}; issue a new one.");
        }

        return certificate;
    }

    private static string Normalize(string? thumbprint) =>
        new((thumbprint ?? "").Where(Uri.IsHexDigit).Select(char.ToUpperInvariant).ToArray());
}

