using Twin.Api.Security;

namespace Twin.Api.Tests.Infrastructure;

/// <summary>One fresh key per role; only their hashes go into the silo's configuration, as in production.</summary>
internal static class TestKeys
{
    public static readonly string Reader = ApiKeyHash.NewKey();
    public static readonly string Operator = ApiKeyHash.NewKey();
    public static readonly string Admin = ApiKeyHash.NewKey();

    public static Dictionary<string, string?> AsConfiguration() => new()
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
