using System.Buffers;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Twin.Api.Security;

/// <summary>
/// The configured API keys in the form a request is checked against: the SHA-256 bytes of each key and the
/// principal it authenticates as, built once per configuration (and again when it is reloaded) instead of per
/// request. A presented key is still hashed on every request and compared with every configured hash in fixed
/// time, so caching changes what a request costs, not what it must prove: only the hash is kept, never the key.
/// </summary>
internal sealed class ApiKeyRegistry : IDisposable
{
    // Keys are ~57 ASCII characters; longer input is hashed from a rented buffer.
    private const int StackLimit = 256;

    private readonly IDisposable? _reload;
    private volatile Known[] _keys;

    public ApiKeyRegistry(IOptionsMonitor<TwinApiOptions> options)
    {
        _keys = Build(options.CurrentValue);
        _reload = options.OnChange(o => _keys = Build(o));
    }

    /// <summary>A configured key: its name, its role and the principal of every request that presents it.</summary>
    internal sealed record Known(string Name, string Role, byte[] Hash, ClaimsPrincipal Principal);

    /// <summary>The configured key whose hash is the hash of <paramref name="presented"/>, or null.</summary>
    public Known? Find(string presented)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        var length = Encoding.UTF8.GetMaxByteCount(presented.Length);
        byte[]? rented = length > StackLimit ? ArrayPool<byte>.Shared.Rent(length) : null;
        try
        {
            Span<byte> utf8 = rented ?? stackalloc byte[StackLimit];
            var written = Encoding.UTF8.GetBytes(presented, utf8);
            SHA256.HashData(utf8[..written], hash);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented, clearArray: true);
            }
        }

        Known? match = null;
        foreach (var key in _keys)
        {
            // Every configured hash is compared, in fixed time, so the answer's timing says nothing about which matched.
            if (CryptographicOperations.FixedTimeEquals(key.Hash, hash))
            {
                match ??= key;
            }
        }

        return match;
    }

    public void Dispose() => _reload?.Dispose();

    private static Known[] Build(TwinApiOptions options)
    {
        var keys = new List<Known>(options.Keys.Count);
        foreach (var entry in options.Keys)
        {
            if (!ApiKeyHash.IsWellFormed(entry.Hash))
            {
                continue; // The options validator refuses to start with such an entry; never match it.
            }

            var hash = Convert.FromHexString(entry.Hash.AsSpan(ApiKeyHash.Prefix.Length));
            keys.Add(new Known(entry.Name, entry.Role, hash, PrincipalOf(entry)));
        }

        return [.. keys];
    }

    /// <summary>
    /// The name, the key name and every role up to the key's own (an admin key also satisfies "operator" and
    /// "reader" checks). One principal per key, shared by its requests: nothing in the pipeline changes it (a
    /// claims transformation added later must return a new principal, as ASP.NET Core asks of them).
    /// </summary>
    private static ClaimsPrincipal PrincipalOf(ApiKeyEntry entry)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, entry.Name), new("twin:key", entry.Name) };
        var own = -1;
        for (var i = 0; i < TwinRoles.All.Count && own < 0; i++)
        {
            own = string.Equals(TwinRoles.All[i], entry.Role, StringComparison.OrdinalIgnoreCase) ? i : -1;
        }

        for (var i = 0; i <= own; i++)
        {
            claims.Add(new Claim(ClaimTypes.Role, TwinRoles.All[i])); // An unknown role grants none.
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, ApiKeyAuthenticationHandler.SchemeName));
    }
}
