using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Timeout;
using Twin.Erp.Connector;
using Twin.Erp.Diagnostics;
using Twin.Erp.Transactions;

namespace Twin.Erp.Http;

/// <summary>
/// Generic HTTP/JSON ERP connector. Retries, timeouts, circuit breaker and rate limit come from the
/// resilience pipeline on its HttpClient (<see cref="ErpResiliencePipeline"/>); this class only builds
/// requests and classifies answers.
/// </summary>
internal sealed partial class HttpErpConnector(
    IHttpClientFactory httpClientFactory,
    IOptions<HttpErpConnectorOptions> options,
    ErpRateGate rateGate,
    ErpConnectorTelemetry telemetry,
    TimeProvider timeProvider,
    ILogger<HttpErpConnector> logger) : IErpConnector
{
    public const string HttpClientName = "Twin.Erp.Connector";

    /// <summary>The stock read side's client: a timeout, no retries or circuit (see <see cref="QueryStockAsync"/>).</summary>
    public const string StockHttpClientName = "Twin.Erp.Connector.Stock";

    // Enough of an ERP error body to explain a rejection, not enough to bloat a dead letter.
    private const int MaxReasonLength = 1000;

    private readonly HttpErpConnectorOptions _options = options.Value;

    public async Task<IReadOnlyList<ErpPostOutcome>> PostBatchAsync(IReadOnlyList<ErpTransaction> batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var outcomes = new List<ErpPostOutcome>(batch.Count);
        foreach (var chunk in batch.Chunk(_options.MaxBatchSize))
        {
            outcomes.AddRange(await PostChunkAsync(chunk, cancellationToken).ConfigureAwait(false));
        }

        return outcomes;
    }

    private async Task<IReadOnlyList<ErpPostOutcome>> PostChunkAsync(ErpTransaction[] chunk, CancellationToken cancellationToken)
    {
        var batchKey = ErpIdempotencyKey.ForBatch(chunk.Select(t => t.IdempotencyKey));
        using var activity = ErpConnectorTelemetry.Activities.StartActivity("erp.post_batch", ActivityKind.Client);
        activity?.SetTag("twin.erp.batch_key", batchKey);
        activity?.SetTag("twin.erp.batch_size", chunk.Length);
        var started = timeProvider.GetTimestamp();
        var outcomes = await SendChunkAsync(chunk, batchKey, cancellationToken).ConfigureAwait(false);
        telemetry.Record(outcomes, timeProvider.GetElapsedTime(started));
        activity?.SetTag("twin.erp.booked", outcomes.Count(o => o.Status == ErpOutcomeStatus.Booked));
        return outcomes;
    }

    private async Task<IReadOnlyList<ErpPostOutcome>> SendChunkAsync(ErpTransaction[] chunk, string batchKey, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, BatchUri())
        {
            Content = JsonContent.Create(new ErpBatchRequest(chunk), options: ErpWireFormat.Json),
        };
        request.Headers.TryAddWithoutValidation(_options.IdempotencyKeyHeaderName, batchKey);
        if (!string.IsNullOrEmpty(_options.AuthHeaderValue))
        {
            request.Headers.TryAddWithoutValidation(_options.AuthHeaderName, _options.AuthHeaderValue);
        }

        request.Options.Set(ErpRateGate.PermitsKey, rateGate.PermitsFor(chunk.Length));

        var client = httpClientFactory.CreateClient(HttpClientName);
        try
        {
            using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            return await ClassifyAsync(chunk, response, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (BrokenCircuitException ex)
        {
            return AllTransient(chunk, "ERP circuit is open after repeated failures; not calling it for now", ex.RetryAfter);
        }
        catch (TimeoutRejectedException)
        {
            return AllTransient(chunk, $"ERP did not answer within {_options.TotalTimeout} (attempts and retries included)", null);
        }
        catch (RateLimiterRejectedException ex)
        {
            return AllTransient(chunk, "connector rate-limit queue is full", ex.RetryAfter);
        }
        catch (HttpRequestException ex)
        {
            return AllTransient(chunk, $"could not reach ERP: {Clean(ex.Message)}", null);
        }
        catch (OperationCanceledException)
        {
            // HttpClient's own timeout (a backstop behind the pipeline's timeouts).
            return AllTransient(chunk, "ERP request was cancelled by the HTTP client timeout", null);
        }
    }

    private async Task<IReadOnlyList<ErpPostOutcome>> ClassifyAsync(ErpTransaction[] chunk, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            return await ReadResultsAsync(chunk, response, cancellationToken).ConfigureAwait(false);
        }

        if (status >= 500 || response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout)
        {
            var retryAfter = RetryAfterHeader.Read(response, timeProvider.GetUtcNow());
            LogTransientAnswer(status, chunk.Length, retryAfter);
            return AllTransient(chunk, $"ERP answered {status} {response.ReasonPhrase}", retryAfter);
        }

        // Any other 4xx: the ERP refused the whole request. Retrying it unchanged cannot succeed.
        var body = await ReadReasonAsync(response, cancellationToken).ConfigureAwait(false);
        var reason = $"ERP refused the batch with {status} {response.ReasonPhrase}: {body}";
        LogBatchRejected(status, chunk.Length, reason);
        return chunk.Select(t => ErpPostOutcome.Rejected(t.IdempotencyKey, reason)).ToList();
    }

    private async Task<IReadOnlyList<ErpPostOutcome>> ReadResultsAsync(ErpTransaction[] chunk, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        ErpBatchResponse? answer;
        try
        {
            answer = await response.Content.ReadFromJsonAsync<ErpBatchResponse>(ErpWireFormat.Json, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            // A proxy page or a half-written answer: we cannot know what was booked, so post again;
            // idempotency keys make that safe.
            LogUnreadableAnswer(Clean(ex.Message));
            return AllTransient(chunk, $"ERP answer could not be read: {Clean(ex.Message)}", null);
        }

        var byKey = new Dictionary<string, ErpBatchResultLine>(StringComparer.Ordinal);
        foreach (var line in answer?.Results ?? [])
        {
            if (line.IdempotencyKey is not null)
            {
                byKey[line.IdempotencyKey] = line;
            }
        }

        return chunk.Select(t => Classify(t, byKey.GetValueOrDefault(t.IdempotencyKey))).ToList();
    }

    private ErpPostOutcome Classify(ErpTransaction transaction, ErpBatchResultLine? line)
    {
        var key = transaction.IdempotencyKey;
        if (line is null)
        {
            return ErpPostOutcome.Transient(key, "ERP answer did not mention this transaction");
        }

        return line.Status?.ToLowerInvariant() switch
        {
            "booked" => ErpPostOutcome.Booked(key, line.DocumentNumber),
            "alreadybooked" => ErpPostOutcome.Booked(key, line.DocumentNumber, alreadyBooked: true),
            "rejected" => ErpPostOutcome.Rejected(key, Clean(line.Reason ?? "ERP rejected the transaction without a reason")),
            "retry" => ErpPostOutcome.Transient(key, Clean(line.Reason ?? "ERP asked to post again later")),
            _ => ErpPostOutcome.Transient(key, $"ERP answered an unknown status '{line.Status}' for this transaction"),
        };
    }

    private async Task<string> ReadReasonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(text))
        {
            return "(no reason given)";
        }

        // Problem details (RFC 7807) put the reason in "detail" or "title".
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var field in (string[])["detail", "reason", "title", "message"])
                {
                    if (document.RootElement.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String)
                    {
                        return Clean(value.GetString()!);
                    }
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: the text itself is the reason.
        }

        return Clean(text.Trim());
    }

    private static List<ErpPostOutcome> AllTransient(ErpTransaction[] chunk, string reason, TimeSpan? retryAfter) =>
        chunk.Select(t => ErpPostOutcome.Transient(t.IdempotencyKey, reason, retryAfter)).ToList();

    /// <summary>The ERP's text made safe to store and log: our own auth header value and anything shaped like a
    /// credential removed, one line, at most <see cref="MaxReasonLength"/> characters.</summary>
    private string Clean(string text) => ReceiverText.Clean(text, [_options.AuthHeaderValue], MaxReasonLength);

    private Uri BatchUri() => new($"{_options.BaseUrl.TrimEnd('/')}/{_options.BatchPath.TrimStart('/')}");

    [LoggerMessage(Level = LogLevel.Warning, Message = "ERP answered {Status} for a batch of {Count} transactions; they stay pending (Retry-After {RetryAfter})")]
    private partial void LogTransientAnswer(int status, int count, TimeSpan? retryAfter);

    [LoggerMessage(Level = LogLevel.Error, Message = "ERP refused a whole batch ({Status}) of {Count} transactions: {Reason}")]
    private partial void LogBatchRejected(int status, int count, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "ERP answer could not be read; the batch stays pending: {Error}")]
    private partial void LogUnreadableAnswer(string error);
}
