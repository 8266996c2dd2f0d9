using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Twin.Api.Security;

/// <summary>
/// API keys that were presented and verified recently, so a caller that sends the same key with every request
/// pays for a SHA-256 and the fixed-time comparison with every configured hash once per <see cref="Lifetime"/>,
/// not per request. The presented key is never kept: an entry is found by a 128-bit SipHash tag of the key under
/// a random secret made for this cache (two 128-bit SipHash keys), so the cache holds nothing that is, or can be
/// turned back into, a key, and an attacker who cannot see the secret cannot aim a key at another key's tag
/// (a chance hit is 1 in 2^128 per request). Only verified keys are added, so random keys cannot fill it; a key
/// that stops matching leaves with the cache, which <see cref="ApiKeyRegistry"/> replaces whenever the
/// configuration changes.
/// </summary>
internal sealed class VerifiedKeyCache
{
    /// <summary>Entries at most; when full the cache starts over (every key is then verified once more).</summary>
    public const int DefaultLimit = 1024;

    /// <summary>How long a verification is trusted: a key is proven against the configured hashes at least this often,
    /// and the tag of a key that is no longer sent leaves memory.</summary>
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromMinutes(5);

    private readonly ulong _a0, _a1, _b0, _b1;
    private readonly ConcurrentDictionary<Tag, Entry> _entries = new();
    private readonly TimeProvider _clock;
    private readonly long _lifetimeTicks;

    public VerifiedKeyCache(TimeProvider clock, int limit, TimeSpan lifetime)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero);
        Span<ulong> secret = stackalloc ulong[4];
        RandomNumberGenerator.Fill(MemoryMarshal.AsBytes(secret));
        (_a0, _a1, _b0, _b1) = (secret[0], secret[1], secret[2], secret[3]);
        _clock = clock;
        Limit = limit;
        Lifetime = lifetime;
        _lifetimeTicks = (long)(lifetime.TotalSeconds * clock.TimestampFrequency);
    }

    public int Limit { get; }

    public TimeSpan Lifetime { get; }

    /// <summary>Entries now (expired ones included until they are looked up or the cache starts over).</summary>
    public int Count => _entries.Count;

    /// <summary>The tag of a presented key: what the cache stores instead of the key.</summary>
    public Tag TagOf(string presented)
    {
        var bytes = MemoryMarshal.AsBytes(presented.AsSpan());
        return new Tag(SipHash.Hash(_a0, _a1, bytes), SipHash.Hash(_b0, _b1, bytes));
    }

    /// <summary>The configured key verified for <paramref name="tag"/> and not yet expired, or null.</summary>
    public ApiKeyRegistry.Known? Find(Tag tag)
    {
        if (!_entries.TryGetValue(tag, out var entry))
        {
            return null;
        }

        if (_clock.GetTimestamp() < entry.ExpiresAt)
        {
            return entry.Key;
        }

        _entries.TryRemove(KeyValuePair.Create(tag, entry));
        return null;
    }

    /// <summary>Remembers that the key with <paramref name="tag"/> was verified as <paramref name="key"/>.</summary>
    public void Add(Tag tag, ApiKeyRegistry.Known key)
    {
        if (_entries.Count >= Limit)
        {
            _entries.Clear();
        }

        _entries[tag] = new Entry(key, _clock.GetTimestamp() + _lifetimeTicks);
    }

    /// <summary>128 bits of keyed hash of a presented key.</summary>
    internal readonly record struct Tag(ulong First, ulong Second);

    private sealed record Entry(ApiKeyRegistry.Known Key, long ExpiresAt);
}
