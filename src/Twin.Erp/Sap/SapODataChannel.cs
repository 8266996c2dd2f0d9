using System.Net;
using System.Net.Http.Headers;

namespace Twin.Erp.Sap;

/// <summary>
/// Talks to one OData service root as one credential: Authorization on every request, the CSRF token and session
/// cookies on modifying ones. A 403 with <c>X-CSRF-Token: Required</c> (expired token or session) fetches a new token
/// and replays once; a 401 refreshes the credential and replays once. Both answers mean SAP did not process the
/// request, so the replay cannot book twice. Never throws for SAP or network trouble: the <see cref="SapReply"/> says
/// whether the request may have been processed.
/// </summary>
internal sealed class SapODataChannel(HttpClient client, SapCredential credential, Uri serviceRoot, string? sapClient, TimeSpan attemptTimeout, TimeProvider timeProvider)
{
    private const string CsrfHeader = "X-CSRF-Token";

    private readonly SapCsrfSession _session = new(serviceRoot);

    public Uri ServiceRoot => serviceRoot;

    private int _tokenFetches;

    /// <summary>Counts token fetches (figures and tests).</summary>
    public int TokenFetches => Volatile.Read(ref _tokenFetches);

    /// <summary>
    /// Sends a request built by <paramref name="build"/> (a fresh message per attempt). <paramref name="modifying"/>
    /// requests carry the CSRF token; a failure after such a request left is reported as possibly processed.
    /// </summary>
    public async Task<SapReply> SendAsync(Func<HttpRequestMessage> build, bool modifying, CancellationToken cancellationToken)
    {
        string? staleToken = null;
        var refreshCredential = false;
        for (var attempt = 0; ; attempt++)
        {
            AuthenticationHeaderValue authorization;
            string? token = null;
            try
            {
                authorization = await credential.HeaderAsync(client, refreshCredential, cancellationToken).ConfigureAwait(false);
                if (modifying)
                {
                    token = await _session.TokenAsync(() => FetchTokenAsync(authorization, cancellationToken), staleToken, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (IsTrouble(ex, cancellationToken))
            {
                return SapReply.NotSent($"could not get a session from SAP: {Describe(ex)}");
            }

            using var request = build();
            request.Headers.Authorization = authorization;
            request.Headers.Accept.ParseAdd("application/json");
            _session.ApplyCookies(request);
            if (token is not null)
            {
                request.Headers.TryAddWithoutValidation(CsrfHeader, token);
            }

            SapReply reply;
            try
            {
                reply = await ExchangeAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsTrouble(ex, cancellationToken))
            {
                var reason = $"no answer from SAP: {Describe(ex)}";
                return modifying && MayHaveLeft(ex) ? SapReply.Lost(reason) : SapReply.NotSent(reason);
            }

            if (attempt > 0)
            {
                return reply;
            }

            if (reply.Status == (int)HttpStatusCode.Forbidden && token is not null && reply.CsrfRequired)
            {
                _session.Invalidate(token);
                staleToken = token;
                continue;
            }

            if (reply.Status == (int)HttpStatusCode.Unauthorized)
            {
                refreshCredential = true;
                _session.Reset();
                continue;
            }

            return reply;
        }
    }

    /// <summary>Adds <c>sap-client</c> to a path relative to the service root.</summary>
    public Uri Resolve(string relative)
    {
        var uri = new Uri(serviceRoot, relative);
        if (string.IsNullOrEmpty(sapClient))
        {
            return uri;
        }

        var separator = string.IsNullOrEmpty(uri.Query) ? "?" : "&";
        return new Uri(uri + separator + "sap-client=" + sapClient);
    }

    private async Task<string> FetchTokenAsync(AuthenticationHeaderValue authorization, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Resolve(string.Empty));
        request.Headers.Authorization = authorization;
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.TryAddWithoutValidation(CsrfHeader, "Fetch");
        _session.ApplyCookies(request);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(attemptTimeout);
        using var response = await client.SendAsync(request, timeout.Token).ConfigureAwait(false);
        _session.AbsorbCookies(response);
        Interlocked.Increment(ref _tokenFetches);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"SAP answered the CSRF fetch with {(int)response.StatusCode} {response.ReasonPhrase}");
        }

        return response.Headers.TryGetValues(CsrfHeader, out var values) && values.FirstOrDefault() is { Length: > 0 } value
               && !value.Equals("Required", StringComparison.OrdinalIgnoreCase)
            ? value
            : throw new HttpRequestException("SAP answered the CSRF fetch without a CSRF value");
    }

    private async Task<SapReply> ExchangeAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(attemptTimeout);
        using var response = await client.SendAsync(request, timeout.Token).ConfigureAwait(false);
        _session.AbsorbCookies(response);
        var body = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
        return new SapReply
        {
            Status = (int)response.StatusCode,
            ContentType = response.Content.Headers.ContentType?.ToString() ?? string.Empty,
            Body = body,
            SapMessage = response.Headers.TryGetValues("sap-message", out var messages) ? string.Join(" ", messages) : null,
            RetryAfter = Http.RetryAfterHeader.Read(response, timeProvider.GetUtcNow()),
            CsrfRequired = response.Headers.TryGetValues(CsrfHeader, out var csrf) && csrf.Any(v => v.Equals("Required", StringComparison.OrdinalIgnoreCase)),
        };
    }

    // Refused connections and failed name lookups happen before any byte of the request left.
    private static bool MayHaveLeft(Exception ex) =>
        ex is not HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError };

    private static bool IsTrouble(Exception ex, CancellationToken cancellationToken) =>
        ex is HttpRequestException or IOException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    private static string Describe(Exception ex) => ex is OperationCanceledException ? "timed out" : ex.Message;
}
