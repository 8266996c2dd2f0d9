using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace D365Simulator.Security;

/// <summary>
/// Entra ID-shaped client-credentials tokens for the configured app (secret in the form body), checked on every D365
/// endpoint; the admin endpoints take the same client id and secret as Basic. Comparisons are constant-time.
/// </summary>
public sealed class TokenIssuer(IOptions<D365SimulatorOptions> options, TimeProvider timeProvider)
{
    private readonly D365SimulatorOptions _options = options.Value;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _tokens = new(StringComparer.Ordinal);
    private int _issued;
    private long _refused;

    public int Issued => Volatile.Read(ref _issued);

    public long Refused => Interlocked.Read(ref _refused);

    public (string Token, int ExpiresIn)? Issue(IFormCollection form)
    {
        if (form["grant_type"] != "client_credentials" || !Same(form["client_id"].ToString(), _options.ClientId) || !Same(form["client_secret"].ToString(), _options.ClientSecret))
        {
            return null;
        }

        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        _tokens[token] = timeProvider.GetUtcNow() + _options.TokenLifetime;
        Interlocked.Increment(ref _issued);
        return (token, (int)Math.Ceiling(_options.TokenLifetime.TotalSeconds));
    }

    public bool IsAuthorized(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        var ok = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            && _tokens.TryGetValue(header[7..].Trim(), out var until) && timeProvider.GetUtcNow() < until;
        if (!ok)
        {
            Interlocked.Increment(ref _refused);
        }

        return ok;
    }

    public bool IsAdmin(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)
            && Same(header[6..].Trim(), Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_options.ClientId}:{_options.ClientSecret}")));
    }

    /// <summary>Ends every token at once (tests of token expiry).</summary>
    public void ExpireAll() => _tokens.Clear();

    private static bool Same(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
