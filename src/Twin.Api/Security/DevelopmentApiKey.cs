namespace Twin.Api.Security;

/// <summary>
/// The key generated for the embedded default when no key is configured. It lives only in memory
/// (like the embedded profile's state) and is printed once at start by <see cref="DevelopmentKeyAnnouncer"/>.
/// </summary>
public sealed record DevelopmentApiKey(string Key)
{
    /// <summary>The name the key appears under in logs and as the caller's user name.</summary>
    public const string Name = "development";
}
