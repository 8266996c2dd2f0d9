using System.Net.Http.Headers;
using System.Text;
using Twin.Erp.Http;

namespace Twin.Erp.Dynamics;

/// <summary>
/// POSTs JSON to D365 services with the app's bearer token. A 401 renews the token and sends once more (D365 processed
/// nothing); any other answer is returned as it is, and a request without an answer is reported, never repeated here.
/// </summary>
internal sealed class D365Channel(HttpClient client, D365AccessToken token, Uri baseUrl, TimeSpan attemptTimeout, TimeProvider timeProvider)
{
    public Task<D365Reply> PostAsync(string path, string json, CancellationToken cancellationToken) => SendWithTokenAsync(path, json, cancellationToken);

    /// <summary>A read (OData entities): same token handling; a read may be repeated freely by the caller.</summary>
    public Task<D365Reply> GetAsync(string pathAndQuery, CancellationToken cancellationToken) => SendWithTokenAsync(pathAndQuery, null, cancellationToken);

    private async Task<D365Reply> SendWithTokenAsync(string path, string? json, CancellationToken cancellationToken)
    {
        AuthenticationHeaderValue? refused = null;
        for (var attempt = 0; ; attempt++)
        {
            AuthenticationHeaderValue header;
            try
            {
                header = await token.HeaderAsync(client, refused, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                return D365Reply.NotSent($"no access token: {ex.Message}");
            }

            var reply = await SendAsync(path, json, header, cancellationToken).ConfigureAwait(false);
            if (reply.Status != 401 || attempt > 0)
            {
                return reply;
            }

            refused = header;
        }
    }

    private async Task<D365Reply> SendAsync(string path, string? json, AuthenticationHeaderValue header, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(attemptTimeout);
        using var request = new HttpRequestMessage(json is null ? HttpMethod.Get : HttpMethod.Post, new Uri(baseUrl, path.TrimStart('/')))
        {
            Content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = header;
        try
        {
            using var response = await client.SendAsync(request, timeout.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
            return new D365Reply((int)response.StatusCode, body, RetryAfterHeader.Read(response, timeProvider.GetUtcNow()), null, Sent: true);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return D365Reply.Lost($"no answer within {attemptTimeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException ex) when (ex.HttpRequestError == HttpRequestError.ConnectionError)
        {
            // Refused before anything was sent: D365 cannot have the message.
            return D365Reply.NotSent($"could not connect: {ex.Message}");
        }
        catch (HttpRequestException ex)
        {
            return D365Reply.Lost($"the connection failed after the request left: {ex.Message}");
        }
    }
}
