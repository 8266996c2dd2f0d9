using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization;

namespace Twin.Erp.Dynamics;

/// <summary>
/// The bearer token of the Entra ID app registration (client credentials grant, secret in the form body as Entra ID
/// takes it), fetched on first use and again shortly before it expires or when D365 answers 401. Nothing here is logged.
/// </summary>
internal sealed class D365AccessToken(D365AuthOptions options, string defaultScope, TimeProvider timeProvider)
{
    // Refresh before the token's end, so a request never leaves with a token that dies on the way.
    private static readonly TimeSpan EarlyRefresh = TimeSpan.FromSeconds(60);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private AuthenticationHeaderValue? _bearer;
    private DateTimeOffset _validUntil;
    private int _fetches;

    /// <summary>Tokens fetched so far (figures and tests).</summary>
    public int Fetches => Volatile.Read(ref _fetches);

    public async ValueTask<AuthenticationHeaderValue> HeaderAsync(HttpClient client, AuthenticationHeaderValue? refused, CancellationToken cancellationToken)
    {
        if (_bearer is { } cached && cached != refused && timeProvider.GetUtcNow() < _validUntil)
        {
            return cached;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Another caller may have renewed it while this one waited; a refused token is renewed only once.
            if (_bearer is { } fresh && fresh != refused && timeProvider.GetUtcNow() < _validUntil)
            {
                return fresh;
            }

            var token = await FetchAsync(client, cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _fetches);
            var lifetime = TimeSpan.FromSeconds(Math.Max(token.ExpiresIn ?? 300, 1));
            _validUntil = timeProvider.GetUtcNow() + (lifetime > EarlyRefresh * 2 ? lifetime - EarlyRefresh : lifetime / 2);
            _bearer = new AuthenticationHeaderValue("Bearer", token.AccessToken);
            return _bearer;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<TokenAnswer> FetchAsync(HttpClient client, CancellationToken cancellationToken)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = options.ClientId!,
            ["client_secret"] = options.ClientSecret!,
            ["scope"] = string.IsNullOrWhiteSpace(options.Scope) ? defaultScope : options.Scope,
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, options.TokenUrl) { Content = new FormUrlEncodedContent(form) };
        using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"the Entra ID token endpoint (Auth:TokenUrl) answered {(int)response.StatusCode} {response.ReasonPhrase}");
        }

        var answer = await response.Content.ReadFromJsonAsync<TokenAnswer>(cancellationToken).ConfigureAwait(false);
        return answer is { AccessToken.Length: > 0 } ? answer : throw new HttpRequestException("the Entra ID token endpoint (Auth:TokenUrl) answered without an access_token");
    }

    private sealed record TokenAnswer(
        [property: JsonPropertyName("access_token")] string AccessToken,
        [property: JsonPropertyName("expires_in")] int? ExpiresIn);
}
