namespace Twin.Api.Security;

/// <summary>
/// What a key may be used for, on top of its role. <see cref="All"/> (the default) is whatever the role allows;
/// <see cref="Feeds"/> is reads and change-feed subscriptions only — for a portal or a supplier's system that
/// follows a plant but must never change it, whatever role it was given.
/// </summary>
public static class ApiKeyPurposes
{
    public const string All = "all";
    public const string Feeds = "feeds";

    /// <summary>Every purpose, widest first.</summary>
    public static IReadOnlyList<string> Known { get; } = [All, Feeds];

    public static bool IsKnown(string? purpose) => purpose is not null && Known.Contains(purpose, StringComparer.OrdinalIgnoreCase);
}
