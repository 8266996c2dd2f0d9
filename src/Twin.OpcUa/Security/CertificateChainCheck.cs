using System.Security.Cryptography.X509Certificates;
using Twin.OpcUa.Encoding;

namespace Twin.OpcUa.Security;

/// <summary>
/// Decides whether a peer certificate chains to something the operator trusts (Part 4 §6.1.3): the peer itself
/// in <c>trusted/certs</c>, or a CA of its chain there, the chain built by .NET's <see cref="X509Chain"/> from
/// the certificates the peer sent plus <c>issuers/certs</c> and <c>trusted/certs</c>. Revocation is read from the
/// <c>crl</c> folders (a list counts only when its CA's signature verifies); no CRL for a CA means "not revoked",
/// as no download is attempted on a plant network.
/// </summary>
internal static class CertificateChainCheck
{
    /// <summary>Why a chain was not accepted; <see cref="Untrusted"/> alone means "store it for the operator".</summary>
    internal sealed record Verdict(bool Trusted, bool Untrusted, StatusCode Status, string Reason)
    {
        public static readonly Verdict Accepted = new(true, false, StatusCode.Good, "");
    }

    public static Verdict Check(
        IReadOnlyList<X509Certificate2> sent, IReadOnlyList<X509Certificate2> trusted, IReadOnlyList<X509Certificate2> issuers,
        IReadOnlyList<RevocationList> revocations)
    {
        var peer = sent[0];
        var pinned = trusted.Any(t => Same(t, peer));
        using var chain = new X509Chain();
        var policy = chain.ChainPolicy;
        policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        policy.RevocationMode = X509RevocationMode.NoCheck; // CRLs are checked below, from the PKI folder
        policy.DisableCertificateDownloads = true;
        foreach (var ca in trusted.Concat(issuers))
        {
            (IsSelfSigned(ca) ? policy.CustomTrustStore : policy.ExtraStore).Add(ca);
        }

        foreach (var extra in sent.Skip(1))
        {
            policy.ExtraStore.Add(extra);
        }

        var built = chain.Build(peer);
        var elements = chain.ChainElements.Select(e => e.Certificate).ToList();
        if (!built)
        {
            if (pinned)
            {
                // The operator trusts this exact certificate (a self-signed one, or a CA-issued one whose CA is not here).
                return CheckRevocation(elements, revocations);
            }

            return Refusal(chain, elements);
        }

        if (!pinned && !elements.Any(e => trusted.Any(t => Same(t, e))))
        {
            var root = elements[^1];
            return new Verdict(false, true, StatusCode.BadCertificateUntrusted,
                $"it is issued by '{root.Subject}', which is in the issuers folder but neither it nor the certificate is trusted");
        }

        return CheckRevocation(elements, revocations);
    }

    /// <summary>
    /// The CA certificates between <paramref name="own"/> and its self-signed root, found among
    /// <paramref name="candidates"/> (what this application sends after its certificate); empty for a self-signed one.
    /// The root is left out: a peer that trusts it has it already.
    /// </summary>
    public static List<X509Certificate2> IssuersOf(X509Certificate2 own, IReadOnlyList<X509Certificate2> candidates, out bool complete)
    {
        complete = true;
        if (IsSelfSigned(own))
        {
            return [];
        }

        using var chain = new X509Chain();
        var policy = chain.ChainPolicy;
        policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        policy.RevocationMode = X509RevocationMode.NoCheck;
        policy.DisableCertificateDownloads = true;
        // Only the shape of the chain matters here; whether peers accept it is theirs to decide.
        policy.VerificationFlags = X509VerificationFlags.AllowUnknownCertificateAuthority | X509VerificationFlags.IgnoreNotTimeValid;
        foreach (var ca in candidates.Where(c => !Same(c, own)))
        {
            (IsSelfSigned(ca) ? policy.CustomTrustStore : policy.ExtraStore).Add(ca);
        }

        chain.Build(own);
        var elements = chain.ChainElements.Select(e => e.Certificate).ToList();
        complete = elements.Count > 1 && IsSelfSigned(elements[^1]);
        return elements.Skip(1).Where(e => !IsSelfSigned(e)).Select(e => X509CertificateLoader.LoadCertificate(e.RawData)).ToList();
    }

    private static Verdict Refusal(X509Chain chain, List<X509Certificate2> elements)
    {
        var flags = chain.ChainStatus.Aggregate(X509ChainStatusFlags.NoError, (all, s) => all | s.Status);
        var details = string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct());
        for (var i = 1; i < chain.ChainElements.Count; i++)
        {
            if (chain.ChainElements[i].ChainElementStatus.Any(s => s.Status.HasFlag(X509ChainStatusFlags.NotTimeValid)))
            {
                var ca = elements[i];
                return new Verdict(false, false, StatusCode.BadCertificateIssuerTimeInvalid,
                    $"its issuer '{ca.Subject}' is valid {ca.NotBefore.ToUniversalTime():u} to {ca.NotAfter.ToUniversalTime():u}, not now");
            }
        }

        if (flags.HasFlag(X509ChainStatusFlags.NotSignatureValid))
        {
            return new Verdict(false, false, StatusCode.BadCertificateInvalid, $"its chain has a signature that does not verify ({details})");
        }

        if ((flags & ~(X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain)) != X509ChainStatusFlags.NoError)
        {
            return new Verdict(false, false, StatusCode.BadCertificateInvalid, $"its chain is not valid ({details})");
        }

        return flags.HasFlag(X509ChainStatusFlags.PartialChain) && !IsSelfSigned(elements[^1])
            ? new Verdict(false, true, StatusCode.BadCertificateUntrusted, $"its issuer '{elements[^1].Issuer}' is not in the trusted or issuers folder")
            : new Verdict(false, true, StatusCode.BadCertificateUntrusted, "it is not in the trusted folder and no trusted CA issued it");
    }

    private static Verdict CheckRevocation(List<X509Certificate2> elements, IReadOnlyList<RevocationList> revocations)
    {
        for (var i = 0; i + 1 < elements.Count; i++)
        {
            var issuer = elements[i + 1];
            foreach (var list in revocations)
            {
                if (list.IsIssuedBy(issuer) && list.Revokes(elements[i]))
                {
                    return i == 0
                        ? new Verdict(false, false, StatusCode.BadCertificateRevoked, $"'{issuer.Subject}' revoked it (CRL of {list.ThisUpdate:u})")
                        : new Verdict(false, false, StatusCode.BadCertificateIssuerRevoked, $"its issuer '{elements[i].Subject}' was revoked by '{issuer.Subject}'");
                }
            }
        }

        return Verdict.Accepted;
    }

    private static bool IsSelfSigned(X509Certificate2 certificate) => certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData);

    private static bool Same(X509Certificate2 a, X509Certificate2 b) => a.RawData.AsSpan().SequenceEqual(b.RawData);
}
