using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Twin.OpcUa.Tests;

/// <summary>
/// A tiny CA for tests (made with .NET's CertificateRequest): CA certificates, application certificates it
/// issues (application URI in the subjectAltName, as OPC UA wants), revocation lists, and PKI-folder files.
/// Linked into Twin.Interop.Tests too.
/// </summary>
internal static class TestCertificates
{
    public static X509Certificate2 CreateCa(string name, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null, X509Certificate2? issuer = null, RSA? key = null)
    {
        using var own = key is null ? RSA.Create(2048) : null;
        var rsa = key ?? own!;
        var request = new CertificateRequest($"CN={name}, O=Twin tests", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var from = notBefore ?? DateTimeOffset.UtcNow.AddDays(-30);
        var to = notAfter ?? DateTimeOffset.UtcNow.AddYears(2);
        if (issuer is null)
        {
            return request.CreateSelfSigned(from, to);
        }

        // Real CAs name themselves in an authorityKeyIdentifier; node-opcua finds the issuer by it.
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        // An issued certificate may not outlast its issuer.
        using var issued = request.Create(issuer, from > issuer.NotBefore ? from : issuer.NotBefore, to < issuer.NotAfter ? to : issuer.NotAfter, Serial());
        return issued.CopyWithPrivateKey(rsa);
    }

    /// <summary>An application certificate for <paramref name="applicationUri"/> signed by <paramref name="ca"/> (with its private key).</summary>
    public static X509Certificate2 Issue(X509Certificate2 ca, string applicationUri, string name, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}, O=Twin tests", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation | X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.DataEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        var san = new SubjectAlternativeNameBuilder();
        san.AddUri(new Uri(applicationUri));
        san.AddDnsName("localhost");
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        using var issued = request.Create(ca, notBefore ?? DateTimeOffset.UtcNow.AddDays(-1), notAfter ?? DateTimeOffset.UtcNow.AddYears(1), Serial());
        return issued.CopyWithPrivateKey(rsa);
    }

    /// <summary>A self-signed application certificate with the given validity (e.g. one that has expired).</summary>
    public static X509Certificate2 SelfSigned(string applicationUri, string name, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}, O=Twin tests", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation | X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.DataEncipherment | X509KeyUsageFlags.KeyCertSign, true));
        var san = new SubjectAlternativeNameBuilder();
        san.AddUri(new Uri(applicationUri));
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(notBefore, notAfter);
    }

    /// <summary>A CRL of <paramref name="ca"/> listing <paramref name="revoked"/>.</summary>
    public static byte[] RevocationList(X509Certificate2 ca, params X509Certificate2[] revoked)
    {
        var builder = new CertificateRevocationListBuilder();
        foreach (var certificate in revoked)
        {
            builder.AddEntry(certificate);
        }

        return builder.Build(ca, BigInteger.One, DateTimeOffset.UtcNow.AddDays(7), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }

    /// <summary>Writes an application certificate as a PKI folder's own certificate and key (what PkiStore loads).</summary>
    public static void InstallOwn(string pkiRoot, X509Certificate2 certificate)
    {
        Directory.CreateDirectory(Path.Combine(pkiRoot, "own", "certs"));
        Directory.CreateDirectory(Path.Combine(pkiRoot, "own", "private"));
        File.WriteAllBytes(Path.Combine(pkiRoot, "own", "certs", "cert.der"), certificate.RawData);
        using var key = certificate.GetRSAPrivateKey()!;
        File.WriteAllText(Path.Combine(pkiRoot, "own", "private", "key.pem"), key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>Writes a certificate (public part) into a PKI sub-folder such as <c>trusted/certs</c>.</summary>
    public static string Put(string pkiRoot, string folder, X509Certificate2 certificate)
    {
        var directory = Path.Combine(pkiRoot, folder);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"{certificate.Thumbprint}.der");
        File.WriteAllBytes(path, certificate.RawData);
        return path;
    }

    private static byte[] Serial()
    {
        // Positive and without a leading zero byte, so the DER INTEGER is these exact bytes.
        var serial = RandomNumberGenerator.GetBytes(12);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x10);
        return serial;
    }
}
