using System.Security.Cryptography;

namespace Twin.OpcUa.Security;

/// <summary>
/// P_SHA256 (RFC 5246 §5, Part 6 §6.7.5): the pseudo-random function OPC UA derives a channel's
/// symmetric keys with. Client keys come from P(ServerNonce, ClientNonce), server keys from
/// P(ClientNonce, ServerNonce); each yields signing key, encrypting key and IV in that order.
/// </summary>
public static class KeyDerivation
{
    /// <summary>Writes <paramref name="output"/>.Length bytes of P_SHA256(secret, seed).</summary>
    public static void PSha256(ReadOnlySpan<byte> secret, ReadOnlySpan<byte> seed, Span<byte> output)
    {
        const int HashSize = 32;
        var secretArray = secret.ToArray();
        Span<byte> a = stackalloc byte[HashSize];
        HMACSHA256.HashData(secretArray, seed, a); // A(1)
        var input = new byte[HashSize + seed.Length];
        seed.CopyTo(input.AsSpan(HashSize));
        Span<byte> block = stackalloc byte[HashSize];
        var written = 0;
        while (written < output.Length)
        {
            a.CopyTo(input);
            HMACSHA256.HashData(secretArray, input, block); // HMAC(secret, A(i) + seed)
            var n = Math.Min(HashSize, output.Length - written);
            block[..n].CopyTo(output[written..]);
            written += n;
            HMACSHA256.HashData(secretArray, a, a); // A(i+1)
        }
    }

    /// <summary>Derives the keys one side uses to protect what it sends.</summary>
    public static SymmetricKeys Derive(SecurityPolicy policy, ReadOnlySpan<byte> secret, ReadOnlySpan<byte> seed)
    {
        var total = policy.SigningKeyLength + policy.EncryptingKeyLength + policy.EncryptingBlockSize;
        var bytes = new byte[total];
        PSha256(secret, seed, bytes);
        return new SymmetricKeys(
            bytes[..policy.SigningKeyLength],
            bytes[policy.SigningKeyLength..(policy.SigningKeyLength + policy.EncryptingKeyLength)],
            bytes[(policy.SigningKeyLength + policy.EncryptingKeyLength)..]);
    }
}
