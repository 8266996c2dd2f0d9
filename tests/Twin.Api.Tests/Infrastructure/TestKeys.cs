using Twin.Api.Security;

namespace Twin.Api.Tests.Infrastructure;

/// <summary>One fresh key per role; only their hashes go into the silo's configuration, as in production.</summary>
internal static class TestKeys
{
    public static readonly string Reader = ApiKeyHash.NewKey();
    public static readonly string Operator = ApiKeyHash.NewKey();
    public static readonly string Admin = ApiKeyHash.NewKey();

    /// <summary>A reader key only the revocation test uses: it changes the key's plants while a stream is open.</summary>
    public static readonly string Revocable = ApiKeyHash.NewKey();

    /// <summary>The configuration index of <see cref="Revocable"/>.</summary>
    public const int RevocableIndex = 9;

    /// <summary>The plant the scoped keys are limited to.</summary>
    public const string ScopedPlant = "plant-scope-a";

    /// <summary>Keys limited to <see cref="ScopedPlant"/>, by role then purpose ("all" or "feeds").</summary>
    public static readonly IReadOnlyDictionary<(string Role, string Purpose), string> Scoped =
        (from role in new[] { "reader", "operator", "admin" }
         from purpose in new[] { "all", "feeds" }
         select (role, purpose)).ToDictionary(k => k, _ => ApiKeyHash.NewKey());

    public static Dictionary<string, string?> AsConfiguration()
    {
        var settings = Unscoped();
        var n = 3;
        foreach (var ((role, purpose), key) in Scoped)
        {
            settings[$"Twin:Api:Keys:{n}:Name"] = $"portal-{role}-{purpose}";
            settings[$"Twin:Api:Keys:{n}:Hash"] = ApiKeyHash.Of(key);
            settings[$"Twin:Api:Keys:{n}:Role"] = role;
            settings[$"Twin:Api:Keys:{n}:Plants:0"] = ScopedPlant;
            settings[$"Twin:Api:Keys:{n}:Purpose"] = purpose;
            n++;
        }

        settings[$"Twin:Api:Keys:{RevocableIndex}:Name"] = "revocable";
        settings[$"Twin:Api:Keys:{RevocableIndex}:Hash"] = ApiKeyHash.Of(Revocable);
        settings[$"Twin:Api:Keys:{RevocableIndex}:Role"] = "reader";
        return settings;
    }

    private static Dictionary<string, string?> Unscoped() => new()
    {
        ["Twin:Api:Keys:0:Name"] = "dashboard",
        ["Twin:Api:Keys:0:Hash"] = ApiKeyHash.Of(Reader),
        ["Twin:Api:Keys:0:Role"] = "reader",
        ["Twin:Api:Keys:1:Name"] = "mes-line-1",
        ["Twin:Api:Keys:1:Hash"] = ApiKeyHash.Of(Operator),
        ["Twin:Api:Keys:1:Role"] = "operator",
        ["Twin:Api:Keys:2:Name"] = "it-admin",
        ["Twin:Api:Keys:2:Hash"] = ApiKeyHash.Of(Admin),
        ["Twin:Api:Keys:2:Role"] = "admin",
    };
}
