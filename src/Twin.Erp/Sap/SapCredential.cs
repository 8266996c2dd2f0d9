using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Serialization;

namespace Twin.Erp.Sap;

/// <summary>
/// The Authorization header of the communication user: Basic, or an OAuth2 client-credentials token fetched on first
/// use and again shortly before it expires or when SAP answers 401. The secret never leaves this class except in the
/// header and the token request; nothing here is logged.
/// </summary>
internal sealed class SapCredential(SapAuthOptions options, TimeProvider timeProvider)
{
    // Refresh a little before the token's end, so a request never leaves with a token that dies on the way.
    private static readonly TimeSpan EarlyRefresh = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private AuthenticationHeaderValue? _bearer;
    private DateTimeOffset _bearerValidUntil;

    /// <summary>Identity of the credential, for keeping CSRF sessions apart (not the secret).</summary>
    public string Identity => options.Mode == SapAuthMode.Basic ? "basic:" + options.User : "oauth2:" + options.ClientId;

    public async ValueTask<AuthenticationHeaderValue> HeaderAsync(HttpClient client, bool forceRefresh, CancellationToken cancellationToken)
    {
        if (options.Mode == SapAuthMode.Basic)
        {
            return new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.User}:{options.Password}")));
        }

        var now = timeProvider.GetUtcNow();
        if (!forceRefresh && _bearer is { } cached && now < _bearerValidUntil)
        {
            return cached;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!forceRefresh && _bearer is { } fresh && timeProvider.GetUtcNow() < _bearerValidUntil)
            {
                return fresh;
            }

            var token = await FetchTokenAsync(client, cancellationToken).ConfigureAwait(false);
            _bearer = new AuthenticationHeaderValue("Bearer", token.AccessToken);
            var lifetime = TimeSpan.FromSeconds(Math.Max(token.ExpiresIn ?? 300, 1));
            _bearerValidUntil = timeProvider.GetUtcNow() + (lifetime > EarlyRefresh * 2 ? lifetime - EarlyRefresh : lifetime / 2);
            return _bearer;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<TokenAnswer> FetchTokenAsync(HttpClient client, CancellationToken cancellationToken)
    {
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials" };
        if (!string.IsNullOrEmpty(options.Scope))
        {
            form["scope"] = options.Scope;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, options.TokenUrl) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(options.ClientId!)}:{Uri.EscapeDataString(options.ClientSecret!)}")));
        using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"the OAuth2 endpoint (Auth:TokenUrl) answered {(int)response.StatusCode} {response.ReasonPhrase}");
        }

        var answer = await response.Content.ReadFromJsonAsync<TokenAnswer>(cancellationToken).ConfigureAwait(false);
        return answer is { AccessToken.Length: > 0 } ? answer : throw new HttpRequestException("the OAuth2 endpoint (Auth:TokenUrl) answered without an access_token");
    }

    private sealed record TokenAnswer(
        [property: JsonPropertyName("access_token")] string AccessToken,
        [property: JsonPropertyName("expires_in")] int? ExpiresIn);
}
