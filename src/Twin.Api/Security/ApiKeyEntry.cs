namespace Twin.Api.Security;

/// <summary>
/// One configured API key: who it belongs to, the SHA-256 of the key (never the key itself)
/// the role it grants, and optionally the plants and purpose it is limited to. Bound from <c>Twin:Api:Keys:n</c>.
/// </summary>
public sealed class ApiKeyEntry
{
    /// <summary>Who or what uses the key (shown in logs and as the user name), e.g. "mes-line-2".</summary>
    public string Name { get; set; } = "";

    /// <summary><c>sha256:</c> followed by 64 lowercase hex digits of the key's UTF-8 bytes.</summary>
    public string Hash { get; set; } = "";

    /// <summary>reader, operator or admin.</summary>
    public string Role { get; set; } = TwinRoles.Reader;

    /// <summary>The plants the key may reach; empty (the default) is every plant.</summary>
    public List<string> Plants { get; set; } = [];

    /// <summary><c>all</c> (the default: what the role allows) or <c>feeds</c> (reads and change feeds only); see <see cref="ApiKeyPurposes"/>.</summary>
    public string Purpose { get; set; } = ApiKeyPurposes.All;
}
