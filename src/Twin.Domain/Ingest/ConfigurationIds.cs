namespace Twin.Domain.Ingest;

/// <summary>
/// The id rule of Twin.Contracts.TwinIds (which this Orleans-free project cannot reference), checked while
/// loading so a bad id in a plant file is reported with its place in the file. Connection names also may not
/// contain ':' because it separates plant and name in the ingest grain's key.
/// </summary>
internal static class ConfigurationIds
{
    private const int MaxLength = 64;

    public static string? Problem(string? id, string what, bool allowColon = true)
    {
        if (string.IsNullOrEmpty(id))
        {
            return $"{what} is missing; give 1 to {MaxLength} characters of letters, digits, '-', '_', '.'" + (allowColon ? " or ':'." : ".");
        }

        if (id.Length > MaxLength)
        {
            return $"{what} '{id}' has {id.Length} characters; at most {MaxLength} are allowed.";
        }

        if (!char.IsAsciiLetterOrDigit(id[0]))
        {
            return $"{what} '{id}' must start with a letter or digit.";
        }

        foreach (var c in id)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' || (allowColon && c == ':')))
            {
                return $"{what} '{id}' contains '{c}'; only letters, digits, '-', '_', '.'" + (allowColon ? " and ':'" : "") + " are allowed.";
            }
        }

        return null;
    }
}
