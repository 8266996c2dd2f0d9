using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Twin.OpcUa.Security;

/// <summary>
/// An X.509 certificate revocation list (RFC 5280 §5) as read from a PKI folder's <c>crl</c> folder. .NET's
/// X509Chain on Linux cannot be handed CRLs (it only consults its own download cache), so the list is read here
/// with the framework's ASN.1 reader and its signature checked with the issuing CA's key before it counts.
/// </summary>
public sealed class RevocationList
{
    private readonly HashSet<string> _revokedSerials;
    private readonly byte[] _signedPart;
    private readonly byte[] _signature;
    private readonly string _signatureAlgorithm;

    private RevocationList(X500DistinguishedName issuer, DateTime thisUpdate, DateTime? nextUpdate, HashSet<string> revoked, byte[] signedPart, string algorithm, byte[] signature)
    {
        Issuer = issuer;
        ThisUpdate = thisUpdate;
        NextUpdate = nextUpdate;
        _revokedSerials = revoked;
        _signedPart = signedPart;
        _signatureAlgorithm = algorithm;
        _signature = signature;
    }

    /// <summary>The CA that issued the list.</summary>
    public X500DistinguishedName Issuer { get; }
    /// <summary>When the list was issued.</summary>
    public DateTime ThisUpdate { get; }
    /// <summary>When the CA promised the next one (null when it says nothing).</summary>
    public DateTime? NextUpdate { get; }

    /// <summary>Reads a DER or PEM CRL; throws <see cref="CryptographicException"/> for anything else.</summary>
    public static RevocationList Parse(byte[] data)
    {
        var der = data.Length > 0 && data[0] == (byte)'-' ? PemDer(data) : data;
        try
        {
            var outer = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
            var signedPart = outer.PeekEncodedValue().ToArray();
            var tbs = outer.ReadSequence();
            var algorithm = outer.ReadSequence().ReadObjectIdentifier();
            var signature = outer.ReadBitString(out _);

            if (tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Integer))
            {
                tbs.ReadInteger(); // version v2
            }

            tbs.ReadSequence(); // signature algorithm, repeated inside the signed part
            var issuer = new X500DistinguishedName(tbs.ReadEncodedValue().Span);
            var thisUpdate = ReadTime(tbs);
            DateTime? nextUpdate = tbs.HasData && IsTime(tbs.PeekTag()) ? ReadTime(tbs) : null;
            var revoked = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            if (tbs.HasData && tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
            {
                var entries = tbs.ReadSequence();
                while (entries.HasData)
                {
                    var entry = entries.ReadSequence();
                    revoked.Add(Convert.ToHexString(entry.ReadIntegerBytes().Span.TrimStart((byte)0)));
                }
            }

            return new RevocationList(issuer, thisUpdate, nextUpdate, revoked, signedPart, algorithm, signature);
        }
        catch (AsnContentException ex)
        {
            throw new CryptographicException($"not a certificate revocation list ({ex.Message})", ex);
        }
    }

    /// <summary>True when <paramref name="ca"/> issued this list: same name and a signature its key verifies.</summary>
    public bool IsIssuedBy(X509Certificate2 ca)
    {
        if (!ca.SubjectName.RawData.AsSpan().SequenceEqual(Issuer.RawData))
        {
            return false;
        }

        using var key = ca.GetRSAPublicKey();
        var hash = _signatureAlgorithm switch
        {
            "1.2.840.113549.1.1.11" => HashAlgorithmName.SHA256,
            "1.2.840.113549.1.1.12" => HashAlgorithmName.SHA384,
            "1.2.840.113549.1.1.13" => HashAlgorithmName.SHA512,
            "1.2.840.113549.1.1.5" => HashAlgorithmName.SHA1,
            _ => default,
        };
        return key is not null && hash != default && key.VerifyData(_signedPart, _signature, hash, RSASignaturePadding.Pkcs1);
    }

    /// <summary>True when the list names <paramref name="certificate"/>'s serial number.</summary>
    public bool Revokes(X509Certificate2 certificate) =>
        _revokedSerials.Contains(Convert.ToHexString(certificate.SerialNumberBytes.Span.TrimStart((byte)0))); // big-endian, like the list's INTEGERs

    private static bool IsTime(Asn1Tag tag) => tag.HasSameClassAndValue(Asn1Tag.UtcTime) || tag.HasSameClassAndValue(Asn1Tag.GeneralizedTime);

    private static DateTime ReadTime(AsnReader reader) =>
        (reader.PeekTag().HasSameClassAndValue(Asn1Tag.UtcTime) ? reader.ReadUtcTime() : reader.ReadGeneralizedTime()).UtcDateTime;

    private static byte[] PemDer(byte[] pem)
    {
        var text = System.Text.Encoding.ASCII.GetString(pem);
        var fields = PemEncoding.Find(text);
        return Convert.FromBase64String(text[fields.Base64Data]);
    }
}
