using System.Buffers;

namespace Twin.Api.Requests;

/// <summary>
/// The id rules for plants and twins: 1-64 characters, letters, digits, '-', '_' and '.', starting
/// with a letter or digit. Ids become grain keys, log fields and URL segments, so anything outside
/// this set is rejected at the edge with a 400 instead of reaching a grain.
/// </summary>
public static class TwinIds
{
    /// <summary>Longest id accepted.</summary>
    public const int MaxLength = 64;

    private static readonly SearchValues<char> Allowed =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.");

    /// <summary>True when <paramref name="id"/> follows the rules above.</summary>
    public static bool IsValid(string? id) =>
        !string.IsNullOrEmpty(id)
        && id.Length <= MaxLength
        && char.IsAsciiLetterOrDigit(id[0])
        && !id.AsSpan().ContainsAnyExcept(Allowed);

    /// <summary>The rule in words, for error messages.</summary>
    public const string Rule = "1-64 characters: letters, digits, '-', '_' or '.', starting with a letter or digit";
}
