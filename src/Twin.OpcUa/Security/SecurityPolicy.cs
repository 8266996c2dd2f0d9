using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Twin.OpcUa.Channel;

namespace Twin.OpcUa.Security;

/// <summary>
/// The algorithms and sizes of one OPC UA security policy (Part 7 profiles, Part 6 §6.7). The three
/// RSA policies differ only in these parameters, so one class serves them all; every primitive is
/// .NET's own (RSA, AES-CBC, HMAC-SHA256).
/// </summary>
public sealed class SecurityPolicy
{
    private const string RsaSha256Uri = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
    private const string RsaPssSha256Uri = "http://opcfoundation.org/UA/security/rsa-pss-sha2-256";
    private const string RsaOaepUri = "http://www.w3.org/2001/04/xmlenc#rsa-oaep";
    private const string RsaOaepSha256Uri = "http://opcfoundation.org/UA/security/rsa-oaep-sha2-256";

    /// <summary>No security.</summary>
    public static SecurityPolicy None { get; } = new(SecurityPolicies.None, 0, 0, RSASignaturePadding.Pkcs1, null, RSAEncryptionPadding.OaepSHA1, null, 0);

    /// <summary>Basic256Sha256: RSA-PKCS1-v1.5-SHA256 signatures, RSA-OAEP-SHA1 encryption, AES-256-CBC, HMAC-SHA256.</summary>
    public static SecurityPolicy Basic256Sha256 { get; } =
        new(SecurityPolicies.Basic256Sha256, 32, 32, RSASignaturePadding.Pkcs1, RsaSha256Uri, RSAEncryptionPadding.OaepSHA1, RsaOaepUri, 42);

    /// <summary>Aes128_Sha256_RsaOaep: like Basic256Sha256 with AES-128-CBC.</summary>
    public static SecurityPolicy Aes128Sha256RsaOaep { get; } =
        new(SecurityPolicies.Aes128Sha256RsaOaep, 32, 16, RSASignaturePadding.Pkcs1, RsaSha256Uri, RSAEncryptionPadding.OaepSHA1, RsaOaepUri, 42);

    /// <summary>Aes256_Sha256_RsaPss: RSA-PSS-SHA256 signatures, RSA-OAEP-SHA256 encryption, AES-256-CBC.</summary>
    public static SecurityPolicy Aes256Sha256RsaPss { get; } =
        new(SecurityPolicies.Aes256Sha256RsaPss, 32, 32, RSASignaturePadding.Pss, RsaPssSha256Uri, RSAEncryptionPadding.OaepSHA256, RsaOaepSha256Uri, 66);

    /// <summary>Every policy Twin implements, strongest first (the order a client prefers them in).</summary>
    public static IReadOnlyList<SecurityPolicy> All { get; } = [Aes256Sha256RsaPss, Basic256Sha256, Aes128Sha256RsaOaep, None];

    private SecurityPolicy(string uri, int signingKeyLength, int encryptingKeyLength, RSASignaturePadding signaturePadding, string? signatureUri,
        RSAEncryptionPadding encryptionPadding, string? encryptionUri, int oaepOverhead)
    {
        Uri = uri;
        SigningKeyLength = signingKeyLength;
        EncryptingKeyLength = encryptingKeyLength;
        AsymmetricSignaturePadding = signaturePadding;
        AsymmetricSignatureUri = signatureUri;
        AsymmetricEncryptionPadding = encryptionPadding;
        AsymmetricEncryptionUri = encryptionUri;
        OaepOverhead = oaepOverhead;
    }

    /// <summary>Policy URI.</summary>
    public string Uri { get; }
    /// <summary>Short name (the part after '#').</summary>
    public string Name => Uri[(Uri.IndexOf('#') + 1)..];
    /// <summary>True for None.</summary>
    public bool IsNone => SigningKeyLength == 0;
    /// <summary>Derived HMAC key length.</summary>
    public int SigningKeyLength { get; }
    /// <summary>Derived AES key length.</summary>
    public int EncryptingKeyLength { get; }
    /// <summary>AES block size, also the IV length.</summary>
    public int EncryptingBlockSize => 16;
    /// <summary>HMAC-SHA256 output.</summary>
    public int SymmetricSignatureSize => 32;
    /// <summary>Nonce length for OPN and sessions.</summary>
    public int NonceLength => IsNone ? 0 : 32;
    /// <summary>RSA signature padding for OPN chunks and session signatures.</summary>
    public RSASignaturePadding AsymmetricSignaturePadding { get; }
    /// <summary>Signature algorithm URI put into SignatureData.</summary>
    public string? AsymmetricSignatureUri { get; }
    /// <summary>RSA encryption padding for OPN chunks and user-token secrets.</summary>
    public RSAEncryptionPadding AsymmetricEncryptionPadding { get; }
    /// <summary>Encryption algorithm URI put into the UserNameIdentityToken.</summary>
    public string? AsymmetricEncryptionUri { get; }
    /// <summary>Bytes OAEP takes from each RSA block (2 × hash length + 2).</summary>
    public int OaepOverhead { get; }

    /// <summary>Finds a policy by URI; null when Twin does not implement it.</summary>
    public static SecurityPolicy? Find(string? uri) => All.FirstOrDefault(p => p.Uri == uri);

    /// <summary>Finds a policy by URI or short name ("Basic256Sha256"), case-insensitively; null when unknown.</summary>
    public static SecurityPolicy? FindByName(string? name) =>
        string.IsNullOrWhiteSpace(name) ? null : All.FirstOrDefault(p => p.Uri == name || string.Equals(p.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>Plaintext bytes one RSA block of <paramref name="key"/> carries.</summary>
    public int PlainTextBlockSize(RSA key) => key.KeySize / 8 - OaepOverhead;

    /// <summary>Signs with the sender's private key.</summary>
    public byte[] Sign(RSA privateKey, ReadOnlySpan<byte> data) => privateKey.SignData(data.ToArray(), HashAlgorithmName.SHA256, AsymmetricSignaturePadding);

    /// <summary>Checks a signature with the sender's public key.</summary>
    public bool Verify(RSA publicKey, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) =>
        publicKey.VerifyData(data, signature, HashAlgorithmName.SHA256, AsymmetricSignaturePadding);

    /// <summary>Encrypts block by block with the receiver's public key; <paramref name="plain"/> is a multiple of the plaintext block size unless it is a user secret.</summary>
    public byte[] Encrypt(RSA publicKey, ReadOnlySpan<byte> plain)
    {
        var plainBlock = PlainTextBlockSize(publicKey);
        var cipherBlock = publicKey.KeySize / 8;
        var blocks = (plain.Length + plainBlock - 1) / plainBlock;
        var output = new byte[blocks * cipherBlock];
        for (var i = 0; i < blocks; i++)
        {
            var part = plain.Slice(i * plainBlock, Math.Min(plainBlock, plain.Length - i * plainBlock));
            if (!publicKey.TryEncrypt(part, output.AsSpan(i * cipherBlock, cipherBlock), AsymmetricEncryptionPadding, out var written) || written != cipherBlock)
            {
                throw new CryptographicException("RSA encryption produced an unexpected block size");
            }
        }

        return output;
    }

    /// <summary>Decrypts block by block with our private key.</summary>
    public byte[] Decrypt(RSA privateKey, ReadOnlySpan<byte> cipher)
    {
        var cipherBlock = privateKey.KeySize / 8;
        if (cipher.Length == 0 || cipher.Length % cipherBlock != 0)
        {
            throw new CryptographicException($"Encrypted data of {cipher.Length} bytes is not a multiple of the {cipherBlock}-byte RSA block");
        }

        var plainBlock = PlainTextBlockSize(privateKey);
        var output = new byte[cipher.Length / cipherBlock * plainBlock];
        var length = 0;
        for (var i = 0; i < cipher.Length; i += cipherBlock)
        {
            if (!privateKey.TryDecrypt(cipher.Slice(i, cipherBlock), output.AsSpan(length), AsymmetricEncryptionPadding, out var written))
            {
                throw new CryptographicException("RSA decryption failed");
            }

            length += written;
        }

        return output.AsSpan(0, length).ToArray();
    }

    /// <summary>SHA-1 thumbprint of a DER certificate, as OPN's ReceiverCertificateThumbprint carries it.</summary>
    public static byte[] Thumbprint(X509Certificate2 certificate) => SHA1.HashData(certificate.RawData);

    /// <inheritdoc/>
    public override string ToString() => Name;
}
