using System.Net;

namespace Twin.Erp.Sap;

/// <summary>
/// The CSRF token and session cookies of one credential on one service root. SAP ties the token to the session the
/// cookies carry, so both are kept together and sent together; an expired token is dropped and fetched again.
/// Cookies are kept here rather than in the HTTP handler, so a pooled handler being recycled does not lose them.
/// </summary>
internal sealed class SapCsrfSession(Uri serviceRoot)
{
    private readonly SemaphoreSlim _fetchGate = new(1, 1);
    private readonly Lock _cookieGate = new();
    private CookieContainer _cookies = new();
    private string? _token;

    public Uri ServiceRoot { get; } = serviceRoot;

    /// <summary>The token to send, fetching one first when none is held (or only the stale one passed in).</summary>
    public async Task<string> TokenAsync(Func<Task<string>> fetch, string? stale, CancellationToken cancellationToken)
    {
        if (_token is { } current && current != stale)
        {
            return current;
        }

        await _fetchGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Another caller may have fetched while this one waited.
            if (_token is { } fetched && fetched != stale)
            {
                return fetched;
            }

            _token = await fetch().ConfigureAwait(false);
            return _token;
        }
        finally
        {
            _fetchGate.Release();
        }
    }

    /// <summary>Forgets <paramref name="token"/> if it is still the current one (SAP said it is no longer valid).</summary>
    public void Invalidate(string token) => Interlocked.CompareExchange(ref _token, null, token);

    /// <summary>Starts a new session: a changed credential gets new cookies and a new token.</summary>
    public void Reset()
    {
        lock (_cookieGate)
        {
            _cookies = new CookieContainer();
        }

        _token = null;
    }

    public void ApplyCookies(HttpRequestMessage request)
    {
        string header;
        lock (_cookieGate)
        {
            header = _cookies.GetCookieHeader(ServiceRoot);
        }

        if (header.Length > 0)
        {
            request.Headers.TryAddWithoutValidation("Cookie", header);
        }
    }

    public void AbsorbCookies(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Set-Cookie", out var values))
        {
            return;
        }

        lock (_cookieGate)
        {
            foreach (var value in values)
            {
                try
                {
                    _cookies.SetCookies(ServiceRoot, value);
                }
                catch (CookieException)
                {
                    // A cookie the container cannot hold (bad path or domain) is one SAP would not expect back either.
                }
            }
        }
    }
}
