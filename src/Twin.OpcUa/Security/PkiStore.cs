using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Twin.OpcUa.Encoding;

namespace Twin.OpcUa.Security;

/// <summary>
/// A PKI folder laid out like the common OPC UA SDKs: <c>own/certs</c> + <c>own/private</c> (this
/// application's certificate and key), <c>trusted/certs</c> (peers accepted), <c>issuers/certs</c>
/// (CA certificates), <c>rejected/certs</c> (peers refused, kept so an operator can trust them by
/// moving the file), and <c>trusted/crl</c> / <c>issuers/crl</c> (revocation lists). A peer is trusted when its
/// exact certificate is in <c>trusted/certs</c> or a CA there issued it (<see cref="CertificateChainCheck"/>).
/// </summary>
public sealed class PkiStore
{
    private readonly ILogger? _logger;
    private readonly object _gate = new();

    /// <summary>Opens (and creates) the folder layout under <paramref name="root"/>.</summary>
    public PkiStore(string root, bool autoAcceptUntrusted = false, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        Root = Path.GetFullPath(root);
        AutoAcceptUntrusted = autoAcceptUntrusted;
        _logger = logger;
        foreach (var folder in new[] { OwnCerts, OwnPrivate, TrustedCerts, IssuerCerts, RejectedCerts, TrustedCrls, IssuerCrls })
        {
            Directory.CreateDirectory(folder);
        }
    }

    /// <summary>The PKI root folder.</summary>
    public string Root { get; }
    /// <summary>Accept (and trust) unknown peers: for development only.</summary>
    public bool AutoAcceptUntrusted { get; }
    /// <summary>This application's certificate folder.</summary>
    public string OwnCerts => Path.Combine(Root, "own", "certs");
    /// <summary>This application's private key folder.</summary>
    public string OwnPrivate => Path.Combine(Root, "own", "private");
    /// <summary>Trusted peer certificates.</summary>
    public string TrustedCerts => Path.Combine(Root, "trusted", "certs");
    /// <summary>CA certificates.</summary>
    public string IssuerCerts => Path.Combine(Root, "issuers", "certs");
    /// <summary>Refused peer certificates.</summary>
    public string RejectedCerts => Path.Combine(Root, "rejected", "certs");
    /// <summary>Revocation lists of trusted CAs.</summary>
    public string TrustedCrls => Path.Combine(Root, "trusted", "crl");
    /// <summary>Revocation lists of issuer CAs.</summary>
    public string IssuerCrls => Path.Combine(Root, "issuers", "crl");

    /// <summary>
    /// Loads this application's certificate, or creates a self-signed one on first start
    /// (<c>own/certs/cert.der</c>, <c>own/private/key.pem</c>, the key readable by the owner only).
    /// </summary>
    public ApplicationCertificate LoadOrCreateOwn(string applicationUri, string applicationName, IEnumerable<string> hostNames, int keySize = 2048, TimeSpan? lifetime = null)
    {
        var certPath = Path.Combine(OwnCerts, "cert.der");
        var keyPath = Path.Combine(OwnPrivate, "key.pem");
        lock (_gate)
        {
            if (File.Exists(certPath) && File.Exists(keyPath))
            {
                var certificate = X509CertificateLoader.LoadCertificateFromFile(certPath);
                var rsa = RSA.Create();
                rsa.ImportFromPem(File.ReadAllText(keyPath));
                var uri = ApplicationCertificate.ApplicationUriOf(certificate);
                if (uri != applicationUri)
                {
                    _logger?.LogWarning("The application certificate {Path} names application URI {CertificateUri}, the configuration says {ApplicationUri}; peers may refuse it. Delete {Path} and {KeyPath} to create a new one",
                        certPath, uri, applicationUri, certPath, keyPath);
                }

                if (certificate.NotAfter.ToUniversalTime() < DateTime.UtcNow)
                {
                    _logger?.LogWarning("The application certificate {Path} (thumbprint {Thumbprint}) expired {Expired:u}; peers will refuse it. Delete {Path} and {KeyPath} to create a new one (and have the peers trust it)",
                        certPath, certificate.Thumbprint, certificate.NotAfter.ToUniversalTime(), certPath, keyPath);
                }

                return new ApplicationCertificate(certificate, rsa, OwnIssuers(certificate, certPath));
            }

            var created = ApplicationCertificate.CreateSelfSigned(applicationUri, applicationName, hostNames, keySize, lifetime ?? TimeSpan.FromDays(365 * 5));
            File.WriteAllBytes(certPath, created.Certificate.RawData);
            File.WriteAllText(keyPath, created.PrivateKey.ExportPkcs8PrivateKeyPem());
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(keyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            _logger?.LogInformation("Created application certificate {Path} for {ApplicationUri} (thumbprint {Thumbprint})",
                certPath, applicationUri, created.Certificate.Thumbprint);
            return created;
        }
    }

    /// <summary>
    /// For a CA-issued own certificate: its intermediate CAs, looked up in <c>own/certs</c> (beside cert.der),
    /// <c>issuers/certs</c> and <c>trusted/certs</c>, sent with it so peers that trust only the root can check it.
    /// </summary>
    private List<X509Certificate2> OwnIssuers(X509Certificate2 certificate, string certPath)
    {
        if (certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData))
        {
            return [];
        }

        var candidates = LoadCertificates(OwnCerts).Concat(LoadCertificates(IssuerCerts)).Concat(LoadCertificates(TrustedCerts)).ToList();
        try
        {
            var issuers = CertificateChainCheck.IssuersOf(certificate, candidates, out var complete);
            if (!complete)
            {
                _logger?.LogWarning("The application certificate {Path} is issued by '{Issuer}', whose chain up to a root CA is not in {Own}, {Issuers} or {Trusted}; " +
                    "peers that do not have those CAs will refuse it", certPath, certificate.Issuer, OwnCerts, IssuerCerts, TrustedCerts);
            }
            else
            {
                _logger?.LogInformation("The application certificate {Path} is sent with {Count} CA certificate(s) of its chain", certPath, issuers.Count);
            }

            return issuers;
        }
        finally
        {
            candidates.ForEach(c => c.Dispose());
        }
    }

    /// <summary>File name a peer certificate is stored under: readable subject plus thumbprint.</summary>
    public static string FileNameFor(X509Certificate2 certificate)
    {
        var cn = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        var safe = new string((cn ?? "peer").Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray());
        return $"{safe} [{certificate.Thumbprint}].der";
    }

    /// <summary>Checks a peer's certificate alone (see <see cref="Validate(IReadOnlyList{X509Certificate2}, string)"/>).</summary>
    public void Validate(X509Certificate2 peer, string who) => Validate([peer], who);

    /// <summary>
    /// Checks a peer certificate with the chain it sent (leaf first): within its validity period, and either
    /// itself in <c>trusted/certs</c> or issued (directly or through CAs in <c>issuers/certs</c>) by a CA in
    /// <c>trusted/certs</c>, not revoked by a CRL in <c>trusted/crl</c> or <c>issuers/crl</c>. An untrusted one
    /// is stored in <c>rejected/certs</c> and refused with a message naming its thumbprint and the command that
    /// trusts it, unless <see cref="AutoAcceptUntrusted"/> is set (then it is trusted, with a warning).
    /// </summary>
    /// <exception cref="ServiceResultException">BadCertificateTimeInvalid, BadCertificateUntrusted, BadCertificateRevoked, BadCertificateIssuer*, BadCertificateInvalid.</exception>
    public void Validate(IReadOnlyList<X509Certificate2> chain, string who)
    {
        ArgumentOutOfRangeException.ThrowIfZero(chain.Count);
        var peer = chain[0];
        var now = DateTime.UtcNow;
        if (now < peer.NotBefore.ToUniversalTime() || now > peer.NotAfter.ToUniversalTime())
        {
            var message = $"The certificate of {who} ({peer.Subject}, thumbprint {peer.Thumbprint}) is valid {peer.NotBefore.ToUniversalTime():u} to {peer.NotAfter.ToUniversalTime():u}, not now; " +
                "the peer needs a new certificate (or this machine's clock is wrong)";
            _logger?.LogWarning("{Message}", message);
            throw new ServiceResultException(StatusCode.BadCertificateTimeInvalid, message);
        }

        lock (_gate)
        {
            var trusted = LoadCertificates(TrustedCerts);
            var issuers = LoadCertificates(IssuerCerts);
            CertificateChainCheck.Verdict verdict;
            try
            {
                verdict = CertificateChainCheck.Check(chain, trusted, issuers, LoadRevocationLists());
            }
            finally
            {
                trusted.Concat(issuers).ToList().ForEach(c => c.Dispose());
            }

            if (verdict.Trusted)
            {
                return;
            }

            if (!verdict.Untrusted)
            {
                var refused = $"The certificate of {who} ({peer.Subject}, thumbprint {peer.Thumbprint}) is refused: {verdict.Reason}";
                _logger?.LogWarning("{Message}", refused);
                throw new ServiceResultException(verdict.Status, refused);
            }

            var name = FileNameFor(peer);
            if (AutoAcceptUntrusted)
            {
                File.WriteAllBytes(Path.Combine(TrustedCerts, name), peer.RawData);
                _logger?.LogWarning("Trusted the unknown certificate of {Who} ({Subject}, thumbprint {Thumbprint}) automatically: auto-accept is for development only",
                    who, peer.Subject, peer.Thumbprint);
                return;
            }

            var rejected = Path.Combine(RejectedCerts, name);
            File.WriteAllBytes(rejected, peer.RawData);
            var message = $"The certificate of {who} ({peer.Subject}, thumbprint {peer.Thumbprint}) is not trusted: {verdict.Reason}. It was stored as '{rejected}'; " +
                $"to trust it run: {TrustCommand(peer.Thumbprint)} (or move the file to '{TrustedCerts}')";
            _logger?.LogWarning("{Message}", message);
            throw new ServiceResultException(StatusCode.BadCertificateUntrusted, message);
        }
    }

    /// <summary>The operator command that trusts a rejected certificate of this store.</summary>
    public string TrustCommand(string thumbprint) => $"twin opcua certificates trust {thumbprint} --pki \"{Root}\"";

    private List<X509Certificate2> LoadCertificates(string folder)
    {
        var list = new List<X509Certificate2>();
        foreach (var file in Directory.EnumerateFiles(folder))
        {
            try
            {
                list.Add(X509CertificateLoader.LoadCertificateFromFile(file));
            }
            catch (CryptographicException ex)
            {
                _logger?.LogWarning("Ignoring {File}: not a certificate ({Reason})", file, ex.Message);
            }
        }

        return list;
    }

    private List<RevocationList> LoadRevocationLists()
    {
        var lists = new List<RevocationList>();
        foreach (var file in Directory.EnumerateFiles(TrustedCrls).Concat(Directory.EnumerateFiles(IssuerCrls)))
        {
            try
            {
                lists.Add(RevocationList.Parse(File.ReadAllBytes(file)));
            }
            catch (CryptographicException ex)
            {
                _logger?.LogWarning("Ignoring {File}: {Reason}", file, ex.Message);
            }
        }

        return lists;
    }

    /// <summary>Moves a rejected certificate (by thumbprint) to the trusted folder; false when none matches.</summary>
    public bool Trust(string thumbprint) => Move(RejectedCerts, TrustedCerts, thumbprint);

    /// <summary>Moves a trusted certificate (by thumbprint) to the rejected folder; false when none matches.</summary>
    public bool Reject(string thumbprint) => Move(TrustedCerts, RejectedCerts, thumbprint);

    /// <summary>Certificates in a folder with their thumbprints.</summary>
    public static IReadOnlyList<(string File, string Subject, string Thumbprint, DateTime NotAfter)> List(string folder)
    {
        var list = new List<(string, string, string, DateTime)>();
        foreach (var file in Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal))
        {
            try
            {
                using var c = X509CertificateLoader.LoadCertificateFromFile(file);
                list.Add((file, c.Subject, c.Thumbprint, c.NotAfter.ToUniversalTime()));
            }
            catch (CryptographicException)
            {
                list.Add((file, "(not a certificate)", "", DateTime.MinValue));
            }
        }

        return list;
    }

    private bool Move(string from, string to, string thumbprint)
    {
        lock (_gate)
        {
            foreach (var (file, _, print, _) in List(from))
            {
                if (string.Equals(print, thumbprint.Replace(":", "", StringComparison.Ordinal).Trim(), StringComparison.OrdinalIgnoreCase))
                {
                    File.Move(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
                    return true;
                }
            }

            return false;
        }
    }
}
