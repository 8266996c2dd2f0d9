namespace Twin.Contracts;

/// <summary>
/// The one rule for twin ids (plants, machines, work orders, lots, locations, items) and for request and
/// correlation ids. The REST layer and the grains both check with it, so an id accepted by one is
/// accepted by the other. Ids are case-sensitive.
/// </summary>
public static class TwinIds
{
    /// <summary>Longest twin id: fits ERP document numbers and OPC UA browse names with room to spare.</summary>
    public const int MaxLength = 64;

    /// <summary>Longest request or correlation id (GUIDs, W3C trace ids and derived ids fit).</summary>
    public const int MaxRequestIdLength = 200;

    /// <summary>Returns null when <paramref name="id"/> is a valid twin id, otherwise a sentence saying what is wrong.</summary>
    public static string? Problem(string? id, string what = "id") => Check(id, what, MaxLength, allowSlash: false);

    /// <summary>Like <see cref="Problem"/> for request and correlation ids, which may also contain '/'.</summary>
    public static string? RequestIdProblem(string? id, string what = "request id") =>
        Check(id, what, MaxRequestIdLength, allowSlash: true);

    /// <summary>True when <paramref name="id"/> is a valid twin id.</summary>
    public static bool IsValid(string? id) => Problem(id) is null;

    private static string? Check(string? id, string what, int max, bool allowSlash)
    {
        if (string.IsNullOrEmpty(id))
        {
            return $"{what} is missing; give 1 to {max} characters of letters, digits, '-', '_', '.' or ':'.";
        }
        if (id.Length > max)
        {
            return $"{what} '{id[..16]}…' has {id.Length} characters; at most {max} are allowed.";
        }
        if (!char.IsAsciiLetterOrDigit(id[0]))
        {
            return $"{what} '{id}' must start with a letter or digit.";
        }
        foreach (var c in id)
        {
            var allowed = char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':' || (allowSlash && c == '/');
            if (!allowed)
            {
                return $"{what} '{id}' contains '{c}'; only letters, digits, '-', '_', '.', ':'"
                    + (allowSlash ? " and '/'" : "") + " are allowed.";
            }
        }
        return null;
    }
}
