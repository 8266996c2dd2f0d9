using System.Buffers;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Twin.Api.Security;

/// <summary>
/// The configured API keys in the form a request is checked against: the SHA-256 bytes of each key and the
/// principal it authenticates as, built once per configuration (and again when it is reloaded) instead of per
/// request. A key seen for the first time is hashed and compared with every configured hash in fixed time; once
/// verified, its requests are recognised by a keyed tag in <see cref="VerifiedKeyCache"/> (never the key itself).
/// Every configuration change starts a new generation — new keys, new principals, an empty cache under a new
/// secret — so a revoked or re-roled key stops working with the reload, not when its cache entry would expire.
/// </summary>
internal sealed class ApiKeyRegistry : IDisposable
{
    // Keys are ~57 ASCII characters; longer input is hashed from a rented buffer.
    private const int StackLimit = 256;

    private readonly IDisposable? _reload;
    private readonly TimeProvider _clock;
    private volatile Generation _current;

    public ApiKeyRegistry(IOptionsMonitor<TwinApiOptions> options, TimeProvider? clock = null)
    {
        _clock = clock ?? TimeProvider.System;
        _current = NewGeneration(options.CurrentValue);
        _reload = options.OnChange(o => _current = NewGeneration(o));
    }

    /// <summary>Verified keys remembered in the current generation (for tests and diagnostics).</summary>
    internal int CachedKeys => _current.Verified.Count;

    /// <summary>The keys of one configuration and the keys verified against them.</summary>
    private sealed record Generation(Known[] Keys, VerifiedKeyCache Verified);

    /// <summary>A configured key: its name, its role and the principal of every request that presents it.</summary>
    internal sealed record Known(string Name, string Role, byte[] Hash, ClaimsPrincipal Principal);

    /// <summary>The configured key whose hash is the hash of <paramref name="presented"/>, or null.</summary>
    public Known? Find(string presented)
    {
        // One read of the generation: keys and cache of the same configuration, even while a reload swaps them.
        var generation = _current;
        var tag = generation.Verified.TagOf(presented);
        if (generation.Verified.Find(tag) is { } cached)
        {
            return cached;
        }

        var verified = Verify(generation.Keys, presented);
        if (verified is not null)
        {
            generation.Verified.Add(tag, verified); // Unknown keys are not remembered: they cannot fill the cache.
        }

        return verified;
    }

    public void Dispose() => _reload?.Dispose();

    private static Known? Verify(Known[] keys, string presented)
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
        foreach (var key in keys)
        {
            // Every configured hash is compared, in fixed time, so the answer's timing says nothing about which matched.
            if (CryptographicOperations.FixedTimeEquals(key.Hash, hash))
            {
                match ??= key;
            }
        }

        return match;
    }

    private Generation NewGeneration(TwinApiOptions options) =>
        new(Build(options), new VerifiedKeyCache(_clock, VerifiedKeyCache.DefaultLimit, VerifiedKeyCache.DefaultLifetime));

    /// <summary>The claim that names the key a principal authenticated with.</summary>
    public const string KeyNameClaim = "twin:key";

    /// <summary>The configured key named <paramref name="name"/>, or null (a browser session checks its key still exists).</summary>
    public Known? FindByName(string name) =>
        Array.Find(_current.Keys, k => string.Equals(k.Name, name, StringComparison.Ordinal));

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
    /// The name, the key name, its plants and purpose (<see cref="ApiKeyScope"/>) and every role up to the key's own (an admin key also satisfies "operator" and
    /// "reader" checks). One principal per key, shared by its requests: nothing in the pipeline changes it (a
    /// claims transformation added later must return a new principal, as ASP.NET Core asks of them).
    /// </summary>
    private static ClaimsPrincipal PrincipalOf(ApiKeyEntry entry)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, entry.Name), new(KeyNameClaim, entry.Name) };
        claims.AddRange(ApiKeyScope.ClaimsOf(entry));
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
