using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace SapSimulator.Security;

/// <summary>
/// Basic auth of the communication user, and bearer tokens it hands out at /oauth/token to the configured client.
/// Every endpoint checks one of the two; comparisons are constant-time.
/// </summary>
public sealed class SimulatorAuth(IOptions<SapSimulatorOptions> options, TimeProvider timeProvider)
{
    private readonly SapSimulatorOptions _options = options.Value;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _bearers = new(StringComparer.Ordinal);

    public int TokensIssued => _issued;

    private int _issued;

    public bool IsAuthorized(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return Same(header[6..].Trim(), Basic(_options.User, _options.Password));
        }

        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return _bearers.TryGetValue(header[7..].Trim(), out var until) && timeProvider.GetUtcNow() < until;
        }

        return false;
    }

    /// <summary>A token for the client-credentials grant, or null when the client's Basic credential is wrong.</summary>
    public (string Token, int ExpiresIn)? Issue(HttpRequest request)
    {
        if (string.IsNullOrEmpty(_options.ClientId) || string.IsNullOrEmpty(_options.ClientSecret))
        {
            return null;
        }

        var header = request.Headers.Authorization.ToString();
        var expected = Basic(Uri.EscapeDataString(_options.ClientId), Uri.EscapeDataString(_options.ClientSecret));
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase) || !Same(header[6..].Trim(), expected))
        {
            return null;
        }

        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        _bearers[token] = timeProvider.GetUtcNow() + _options.AccessTokenLifetime;
        Interlocked.Increment(ref _issued);
        return (token, (int)_options.AccessTokenLifetime.TotalSeconds);
    }

    /// <summary>Ends every access token at once (tests of token expiry).</summary>
    public void ExpireBearers() => _bearers.Clear();

    private static string Basic(string user, string password) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));

    private static bool Same(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
