using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;

namespace Twin.Cli.Api;

/// <summary>
/// GET and POST against one silo's REST API with the operator's key. Every way a call can fail becomes a
/// <see cref="CliFailure"/> with one line saying what to do (<see cref="ProblemText"/> reads the silo's problem
/// details); the caller never sees an HttpRequestException.
/// </summary>
internal sealed class TwinApiClient : IDisposable
{
    private const string NextAfterHeader = "X-Next-After";

    private readonly HttpClient _http;
    private readonly TimeSpan _timeout;

    public TwinApiClient(Uri baseAddress, string apiKey, TimeSpan timeout)
    {
        _timeout = timeout;
        // No proxy: the silo is on the plant network, and a proxy from the environment answering 407 or an HTML
        // page would be reported as if the silo had said it.
        _http = new HttpClient(new SocketsHttpHandler { UseProxy = false, ConnectTimeout = timeout })
        {
            BaseAddress = baseAddress,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("twin-cli", "1"));
    }

    public Uri BaseAddress => _http.BaseAddress!;

    public Task<ApiAnswer> GetAsync(string pathAndQuery, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, pathAndQuery, cancellationToken);

    public Task<ApiAnswer> PostAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, path, cancellationToken);

    private async Task<ApiAnswer> SendAsync(HttpMethod method, string pathAndQuery, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, pathAndQuery.TrimStart('/'));
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_timeout);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, deadline.Token);
            var text = await response.Content.ReadAsStringAsync(deadline.Token);
            if (!response.IsSuccessStatusCode)
            {
                throw ProblemText.Of(response, text, BaseAddress);
            }

            return new ApiAnswer(ParseBody(response, text), response.Headers.TryGetValues(NextAfterHeader, out var next) ? next.FirstOrDefault() : null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CliFailure($"The silo at {BaseAddress} did not answer within {_timeout.TotalSeconds:0} s; check that it is running and not overloaded, or give more time with --timeout.");
        }
        catch (HttpRequestException ex)
        {
            throw new CliFailure(Unreachable(ex));
        }
    }

    private JsonElement ParseBody(HttpResponseMessage response, string text)
    {
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        try
        {
            if (mediaType is not null && mediaType.Contains("json", StringComparison.OrdinalIgnoreCase))
            {
                return JsonDocument.Parse(text).RootElement;
            }
        }
        catch (JsonException)
        {
            // Reported below like any other answer that is not the API's.
        }

        throw new CliFailure($"{BaseAddress} answered {(int)response.StatusCode} with {mediaType ?? "no content type"}, not a Twin REST answer; check --url or TWIN_URL (the silo's HTTP address, e.g. {ApiOptions.DefaultUrl}).");
    }

    private string Unreachable(HttpRequestException ex)
    {
        var socket = ex.InnerException as SocketException ?? ex.InnerException?.InnerException as SocketException;
        var reason = socket is not null ? socket.SocketErrorCode.ToString() : ex.HttpRequestError.ToString();
        return $"Cannot reach the silo at {BaseAddress} ({reason}); check --url or TWIN_URL and that the silo is running.";
    }

    public void Dispose() => _http.Dispose();
}
