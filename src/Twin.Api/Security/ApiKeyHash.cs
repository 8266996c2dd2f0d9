using System.Security.Cryptography;
using System.Text;

namespace Twin.Api.Security;

/// <summary>
/// How keys are stored: only <c>sha256:&lt;hex&gt;</c> of the key goes into configuration, so a
/// leaked appsettings file or environment dump does not leak a usable key. Keys are long random
/// strings, so a plain (unsalted) SHA-256 is enough; slow password hashes are for guessable secrets.
/// </summary>
public static class ApiKeyHash
{
    /// <summary>The prefix every stored hash carries, so the algorithm can change later.</summary>
    public const string Prefix = "sha256:";

    /// <summary>Prefix of generated keys, so a key found in a log or a script is recognisable.</summary>
    public const string KeyPrefix = "twin_";

    /// <summary>The stored form of <paramref name="key"/>: <c>sha256:</c> + lowercase hex.</summary>
    public static string Of(string key) =>
        Prefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>True when <paramref name="stored"/> has the form <c>sha256:</c> + 64 hex digits.</summary>
    public static bool IsWellFormed(string? stored) =>
        stored is not null
        && stored.StartsWith(Prefix, StringComparison.Ordinal)
        && stored.Length == Prefix.Length + 64
        && stored.AsSpan(Prefix.Length).ContainsAnyExcept("0123456789abcdefABCDEF") is false;

    /// <summary>A new random key: <c>twin_</c>, an 8-hex-digit id (to tell keys apart), <c>_</c>, 43 url-safe secret characters.</summary>
    public static string NewKey()
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return $"{KeyPrefix}{id}_{secret}";
    }
}
