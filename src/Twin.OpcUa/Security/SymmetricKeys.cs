using System.Security.Cryptography;

namespace Twin.OpcUa.Security;

/// <summary>
/// The keys of one direction of one token: HMAC-SHA256 signing key, AES key and IV. The AES
/// object is created once per token; one direction is used by one thread at a time (the send
/// lock or the receive loop), which is what its one-shot CBC methods need.
/// </summary>
public sealed class SymmetricKeys : IDisposable
{
    private readonly Aes _aes;

    /// <summary>Wraps derived key material.</summary>
    public SymmetricKeys(byte[] signingKey, byte[] encryptingKey, byte[] iv)
    {
        SigningKey = signingKey;
        EncryptingKey = encryptingKey;
        Iv = iv;
        _aes = Aes.Create();
        _aes.Key = encryptingKey;
    }

    /// <summary>HMAC key.</summary>
    public byte[] SigningKey { get; }
    /// <summary>AES key.</summary>
    public byte[] EncryptingKey { get; }
    /// <summary>AES-CBC initialisation vector.</summary>
    public byte[] Iv { get; }

    /// <summary>HMAC-SHA256 of <paramref name="data"/> into <paramref name="signature"/> (32 bytes).</summary>
    public void Sign(ReadOnlySpan<byte> data, Span<byte> signature) => HMACSHA256.HashData(SigningKey, data, signature);

    /// <summary>Checks an HMAC-SHA256 in constant time.</summary>
    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        Span<byte> expected = stackalloc byte[32];
        HMACSHA256.HashData(SigningKey, data, expected);
        return CryptographicOperations.FixedTimeEquals(expected, signature);
    }

    /// <summary>AES-CBC without padding (OPC UA pads itself); lengths are multiples of 16.</summary>
    public void Encrypt(ReadOnlySpan<byte> plain, Span<byte> cipher) => _aes.EncryptCbc(plain, Iv, cipher, PaddingMode.None);

    /// <summary>AES-CBC decryption without padding.</summary>
    public void Decrypt(ReadOnlySpan<byte> cipher, Span<byte> plain) => _aes.DecryptCbc(cipher, Iv, plain, PaddingMode.None);

    /// <inheritdoc/>
    public void Dispose() => _aes.Dispose();
}
