using System.Text;
using System.Text.RegularExpressions;

namespace Twin.Erp.Diagnostics;

/// <summary>
/// Makes text another system sent back (an ERP error body, a webhook receiver's answer, an exception message
/// naming a URL) safe to store in a dead letter, show to a reader key and write to a log: credentials removed,
/// line breaks and control characters flattened (no forged log lines), and the length bounded. A receiver
/// that echoes the request — proxies and debug endpoints do — would otherwise hand its Authorization header
/// to anyone allowed to read dead letters.
/// </summary>
public static partial class ReceiverText
{
    /// <summary>Longest text kept; the rest is cut with an ellipsis.</summary>
    public const int DefaultMaxLength = 500;

    /// <summary>What replaces a credential.</summary>
    public const string Redacted = "[redacted]";

    /// <summary>
    /// <paramref name="text"/> with every occurrence of <paramref name="secrets"/> (the values we sent: header
    /// values, tokens, passwords; at least 4 characters) and everything shaped like a credential replaced by
    /// <see cref="Redacted"/>, control characters turned into spaces, cut to <paramref name="maxLength"/>.
    /// </summary>
    public static string Clean(string? text, IEnumerable<string?>? secrets = null, int maxLength = DefaultMaxLength)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        // Bound the work first: a 30 MB error page is not scanned in full.
        var cleaned = text.Length > maxLength * 4 ? text[..(maxLength * 4)] : text;
        foreach (var secret in secrets ?? [])
        {
            if (secret is { Length: >= 4 })
            {
                cleaned = cleaned.Replace(secret, Redacted, StringComparison.Ordinal);
                // A "Bearer abc" header value is often echoed as just its token.
                var space = secret.IndexOf(' ');
                if (space > 0 && secret.Length - space - 1 >= 4)
                {
                    cleaned = cleaned.Replace(secret[(space + 1)..], Redacted, StringComparison.Ordinal);
                }
            }
        }

        cleaned = AuthorizationValue().Replace(cleaned, m => m.Groups["scheme"].Value + Redacted);
        cleaned = NamedSecret().Replace(cleaned, m => m.Groups["name"].Value + m.Groups["sep"].Value + Redacted);
        cleaned = UrlUserInfo().Replace(cleaned, m => m.Groups["scheme"].Value + Redacted + "@");
        cleaned = JsonWebToken().Replace(cleaned, Redacted);
        cleaned = Flatten(cleaned).Trim();
        return cleaned.Length <= maxLength ? cleaned : cleaned[..maxLength] + "…";
    }

    private static string Flatten(string text)
    {
        if (!text.Any(char.IsControl))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(char.IsControl(c) ? ' ' : c);
        }

        return builder.ToString();
    }

    // "Authorization: Bearer x", "Basic x", "Negotiate x", "SharedKey x" wherever they appear.
    [GeneratedRegex(@"(?<scheme>\b(?:Bearer|Basic|Digest|Negotiate|NTLM|SharedKey|Token)\s+)[A-Za-z0-9\-._~+/=:]{4,}", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AuthorizationValue();

    // password=x, "client_secret":"x", api-key: x, X-CSRF-Token: x, sap-password, access_token, Set-Cookie values.
    [GeneratedRegex(@"(?<name>(?:pass(?:word|wd)?|secret|client[_-]?secret|api[_-]?key|x-api-key|access[_-]?token|refresh[_-]?token|id[_-]?token|token|x-csrf-token|authorization|cookie|set-cookie|session(?:id)?|sap-password)""?)(?<sep>\s*[:=]\s*""?)[^""\s,;&}]{1,}", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NamedSecret();

    // https://user:password@host
    [GeneratedRegex(@"(?<scheme>[a-z][a-z0-9+.\-]*://)[^/\s@]+@", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UrlUserInfo();

    // header.payload.signature of a JWT (Entra ID and most OAuth2 servers issue these).
    [GeneratedRegex(@"\beyJ[A-Za-z0-9_\-]{6,}\.[A-Za-z0-9_\-]{6,}\.[A-Za-z0-9_\-]{6,}")]
    private static partial Regex JsonWebToken();
}
