using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Twin.Api.Security;

namespace Twin.Api.Tests;

/// <summary>
/// The verified-key cache: found by a keyed tag (never the key), only verified keys remembered, bounded in size
/// and time, and emptied with every configuration change so a revoked or re-roled key takes effect at once.
/// </summary>
public sealed class ApiKeyCacheTests
{
    private static readonly string Reader = ApiKeyHash.NewKey();
    private static readonly string Operator = ApiKeyHash.NewKey();

    [Fact]
    public void SipHash_matches_the_reference_vectors()
    {
        // Appendix A of the SipHash paper: key 00..0f; messages 00.. of length 0 and 15.
        var k0 = 0x0706050403020100UL;
        var k1 = 0x0f0e0d0c0b0a0908UL;
        var message = Enumerable.Range(0, 15).Select(i => (byte)i).ToArray();
        Assert.Equal(0x726fdb47dd0e0e31UL, SipHash.Hash(k0, k1, []));
        Assert.Equal(0xa129ca6149be45e5UL, SipHash.Hash(k0, k1, message));
    }

    [Fact]
    public void A_tag_depends_on_every_character_and_on_the_cache_secret()
    {
        var cache = NewCache(new FakeTimeProvider());
        var other = NewCache(new FakeTimeProvider());
        var almost = Reader[..^1] + (Reader[^1] == 'a' ? 'b' : 'a');
        Assert.Equal(cache.TagOf(Reader), cache.TagOf(new string(Reader.AsSpan())));
        Assert.NotEqual(cache.TagOf(Reader), cache.TagOf(almost));
        Assert.NotEqual(cache.TagOf(Reader), other.TagOf(Reader));
    }

    [Fact]
    public void A_verified_key_is_remembered_and_an_unknown_one_is_not()
    {
        var options = new ReloadableOptions(Keys((Reader, "dashboard", TwinRoles.Reader)));
        using var registry = new ApiKeyRegistry(options, new FakeTimeProvider());

        Assert.Null(registry.Find(ApiKeyHash.NewKey()));
        Assert.Equal(0, registry.CachedKeys);

        Assert.Equal("dashboard", registry.Find(Reader)?.Name);
        Assert.Equal(1, registry.CachedKeys);
        var again = registry.Find(Reader);
        Assert.Equal("dashboard", again?.Name);
        Assert.Equal(1, registry.CachedKeys);
        Assert.Null(registry.Find(Reader + "x"));
        Assert.Null(registry.Find(Reader[..^1]));
    }

    [Fact]
    public void A_key_removed_from_the_configuration_is_refused_after_the_reload_although_it_was_cached()
    {
        var options = new ReloadableOptions(Keys((Reader, "dashboard", TwinRoles.Reader), (Operator, "mes-line-1", TwinRoles.Operator)));
        using var registry = new ApiKeyRegistry(options, new FakeTimeProvider());
        Assert.NotNull(registry.Find(Operator));

        options.Change(Keys((Reader, "dashboard", TwinRoles.Reader)));

        Assert.Null(registry.Find(Operator));
        Assert.Equal("dashboard", registry.Find(Reader)?.Name);
    }

    [Fact]
    public void A_role_changed_in_the_configuration_applies_to_the_next_request()
    {
        var options = new ReloadableOptions(Keys((Operator, "mes-line-1", TwinRoles.Operator)));
        using var registry = new ApiKeyRegistry(options, new FakeTimeProvider());
        Assert.True(registry.Find(Operator)!.Principal.IsInRole(TwinRoles.Operator));

        options.Change(Keys((Operator, "mes-line-1", TwinRoles.Reader)));

        var key = registry.Find(Operator)!;
        Assert.Equal(TwinRoles.Reader, key.Role);
        Assert.False(key.Principal.IsInRole(TwinRoles.Operator));
        Assert.True(key.Principal.IsInRole(TwinRoles.Reader));
    }

    [Fact]
    public void An_entry_expires_after_its_lifetime()
    {
        var clock = new FakeTimeProvider();
        var cache = NewCache(clock);
        var known = KnownKey();
        var tag = cache.TagOf(Reader);
        cache.Add(tag, known);

        clock.Advance(VerifiedKeyCache.DefaultLifetime - TimeSpan.FromSeconds(1));
        Assert.Same(known, cache.Find(tag));
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Null(cache.Find(tag));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void The_cache_never_holds_more_than_its_limit()
    {
        var cache = new VerifiedKeyCache(new FakeTimeProvider(), limit: 4, VerifiedKeyCache.DefaultLifetime);
        var known = KnownKey();
        for (var i = 0; i < 10; i++)
        {
            cache.Add(cache.TagOf(ApiKeyHash.NewKey()), known);
            Assert.InRange(cache.Count, 1, 4);
        }

        var last = cache.TagOf(Reader);
        cache.Add(last, known);
        Assert.Same(known, cache.Find(last));
    }

    private static VerifiedKeyCache NewCache(TimeProvider clock) =>
        new(clock, VerifiedKeyCache.DefaultLimit, VerifiedKeyCache.DefaultLifetime);

    private static ApiKeyRegistry.Known KnownKey()
    {
        using var registry = new ApiKeyRegistry(new ReloadableOptions(Keys((Reader, "dashboard", TwinRoles.Reader))), new FakeTimeProvider());
        return registry.Find(Reader)!;
    }

    private static TwinApiOptions Keys(params (string Key, string Name, string Role)[] keys) => new()
    {
        Keys = [.. keys.Select(k => new ApiKeyEntry { Name = k.Name, Hash = ApiKeyHash.Of(k.Key), Role = k.Role })],
    };

    /// <summary>Options whose change is announced as a configuration reload announces it.</summary>
    private sealed class ReloadableOptions(TwinApiOptions initial) : IOptionsMonitor<TwinApiOptions>
    {
        private readonly List<Action<TwinApiOptions, string?>> _listeners = [];

        public TwinApiOptions CurrentValue { get; private set; } = initial;

        public TwinApiOptions Get(string? name) => CurrentValue;

        public IDisposable OnChange(Action<TwinApiOptions, string?> listener)
        {
            _listeners.Add(listener);
            return new Unsubscribe(() => _listeners.Remove(listener));
        }

        public void Change(TwinApiOptions options)
        {
            CurrentValue = options;
            foreach (var listener in _listeners.ToArray())
            {
                listener(options, Options.DefaultName);
            }
        }

        private sealed class Unsubscribe(Action action) : IDisposable
        {
            public void Dispose() => action();
        }
    }
}
