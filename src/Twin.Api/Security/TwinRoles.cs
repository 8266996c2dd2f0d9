namespace Twin.Api.Security;

/// <summary>
/// The three roles an API key can carry. They are ordered: an operator can do everything a
/// reader can, an admin everything an operator can. Keeping the order here (instead of in each
/// policy) means a new endpoint only has to say the lowest role it needs.
/// </summary>
public static class TwinRoles
{
    public const string Reader = "reader";
    public const string Operator = "operator";
    public const string Admin = "admin";

    /// <summary>All roles, lowest first.</summary>
    public static IReadOnlyList<string> All { get; } = [Reader, Operator, Admin];

    /// <summary>True when <paramref name="role"/> is one of the known roles (case-insensitive).</summary>
    public static bool IsKnown(string? role) => role is not null && All.Contains(role, StringComparer.OrdinalIgnoreCase);
}
