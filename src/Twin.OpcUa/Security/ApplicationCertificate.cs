using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Twin.OpcUa.Security;

/// <summary>
/// An application instance certificate with its private key (Part 6 §6.2.2): what a client or
/// server signs and decrypts with. Created self-signed on first start by <see cref="PkiStore"/>.
/// </summary>
public sealed class ApplicationCertificate : IDisposable
{
    /// <summary>Pairs a certificate with its key and, for a CA-issued one, the CA certificates between it and its root.</summary>
    public ApplicationCertificate(X509Certificate2 certificate, RSA privateKey, IReadOnlyList<X509Certificate2>? issuers = null)
    {
        Certificate = certificate;
        PrivateKey = privateKey;
        Thumbprint = SecurityPolicy.Thumbprint(certificate);
        Issuers = issuers ?? [];
        // Part 6 §6.2.3: a certificate field may carry the chain, leaf first, as concatenated DER.
        ChainBytes = Issuers.Count == 0 ? certificate.RawData : [.. certificate.RawData, .. Issuers.SelectMany(c => c.RawData)];
    }

    /// <summary>The CAs sent after the certificate (intermediates, never the self-signed root): empty when self-signed.</summary>
    public IReadOnlyList<X509Certificate2> Issuers { get; }

    /// <summary>
    /// What goes into SenderCertificate, ClientCertificate, ServerCertificate and endpoint descriptions: the
    /// certificate followed by <see cref="Issuers"/>, so a peer that trusts only the root CA can build the chain.
    /// Signatures are still over the certificate alone (Part 4 §5.6.2).
    /// </summary>
    public byte[] ChainBytes { get; }

    /// <summary>The public certificate (DER in <see cref="X509Certificate.GetRawCertData"/>).</summary>
    public X509Certificate2 Certificate { get; }
    /// <summary>The RSA private key.</summary>
    public RSA PrivateKey { get; }
    /// <summary>SHA-1 of the DER bytes.</summary>
    public byte[] Thumbprint { get; }

    /// <summary>
    /// Creates a self-signed certificate carrying <paramref name="applicationUri"/> and the DNS names in its
    /// subjectAltName, with the key usages OPC UA asks for (Part 6 §6.2.2).
    /// </summary>
    public static ApplicationCertificate CreateSelfSigned(string applicationUri, string applicationName, IEnumerable<string> hostNames, int keySize, TimeSpan lifetime)
    {
        if (keySize is not (2048 or 3072 or 4096))
        {
            throw new ArgumentException($"Certificate key size must be 2048, 3072 or 4096 bits, not {keySize}.");
        }

        var rsa = RSA.Create(keySize);
        var subject = new X500DistinguishedName($"CN={Escape(applicationName)}, O=Twin, DC={Escape(Dns.GetHostName())}");
        var request = new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation | X509KeyUsageFlags.KeyEncipherment
            | X509KeyUsageFlags.DataEncipherment | X509KeyUsageFlags.KeyCertSign, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], critical: false)); // serverAuth, clientAuth
        var san = new SubjectAlternativeNameBuilder();
        san.AddUri(new Uri(applicationUri));
        foreach (var host in hostNames.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (IPAddress.TryParse(host, out var ip))
            {
                san.AddIpAddress(ip);
            }
            else
            {
                san.AddDnsName(host);
            }
        }

        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        using var created = request.CreateSelfSigned(now.AddDays(-1), now.Add(lifetime));
        // Keep only the public part in the certificate object; the key lives beside it.
        var certificate = X509CertificateLoader.LoadCertificate(created.RawData);
        return new ApplicationCertificate(certificate, rsa);
    }

    /// <summary>The certificates of a ServerCertificate / SenderCertificate field: the application's first, then the CAs sent with it.</summary>
    public static IReadOnlyList<X509Certificate2> ReadChain(ReadOnlySpan<byte> der) => Channel.ChannelSecurity.Certificates(der);

    /// <summary>The application URI in the certificate's subjectAltName, or null.</summary>
    public static string? ApplicationUriOf(X509Certificate2 certificate)
    {
        foreach (var extension in certificate.Extensions)
        {
            if (extension.Oid?.Value == "2.5.29.17")
            {
                var san = new X509SubjectAlternativeNameExtension(extension.RawData, extension.Critical);
                foreach (var name in SanUris(san))
                {
                    return name;
                }
            }
        }

        return null;
    }

    private static IEnumerable<string> SanUris(X509SubjectAlternativeNameExtension san)
    {
        // .NET exposes DNS names and IPs directly; URIs are read from the ASN.1 (context tag 6).
        var reader = new System.Formats.Asn1.AsnReader(san.RawData, System.Formats.Asn1.AsnEncodingRules.DER);
        var sequence = reader.ReadSequence();
        var uriTag = new System.Formats.Asn1.Asn1Tag(System.Formats.Asn1.TagClass.ContextSpecific, 6);
        var found = new List<string>();
        while (sequence.HasData)
        {
            var tag = sequence.PeekTag();
            if (tag == uriTag)
            {
                found.Add(sequence.ReadCharacterString(System.Formats.Asn1.UniversalTagNumber.IA5String, uriTag));
            }
            else
            {
                sequence.ReadEncodedValue();
            }
        }

        return found;
    }

    private static string Escape(string value) => value.Replace(",", " ", StringComparison.Ordinal).Replace("=", " ", StringComparison.Ordinal);

    /// <inheritdoc/>
    public void Dispose()
    {
        PrivateKey.Dispose();
        Certificate.Dispose();
        foreach (var issuer in Issuers)
        {
            issuer.Dispose();
        }
    }
}
