namespace Twin.Erp.Http;

/// <summary>Settings of the generic HTTP/JSON ERP connector (configuration section "Erp:Connector").</summary>
public sealed class HttpErpConnectorOptions
{
    public const string SectionName = "Erp:Connector";

    /// <summary>Root address of the ERP's API, e.g. "http://127.0.0.1:5080". Required.</summary>
    public string BaseUrl { get; set; } = string.Empty;

    /// <summary>Path of the batch endpoint, relative to <see cref="BaseUrl"/>.</summary>
    public string BatchPath { get; set; } = "/api/erp/transactions/batch";

    /// <summary>
    /// Path of the stock-query endpoint the inventory reconciliation reads (POST <c>{"plant","locations":[…]}</c>,
    /// answer <c>{"stock":[{"location","item","lot","quantity","unit"}]}</c>), relative to <see cref="BaseUrl"/>.
    /// Empty: the ERP is not asked for stock and reconciliation reports "not supported".
    /// </summary>
    public string StockPath { get; set; } = "/api/erp/stock/query";

    /// <summary>Name of the header that carries the credential (sent only when <see cref="AuthHeaderValue"/> is set).</summary>
    public string AuthHeaderName { get; set; } = "Authorization";

    /// <summary>Credential sent in <see cref="AuthHeaderName"/>, e.g. "Bearer ..." or an API key. Empty: none.</summary>
    public string? AuthHeaderValue { get; set; }

    /// <summary>Header carrying the batch's idempotency key (each transaction's own key is in the body).</summary>
    public string IdempotencyKeyHeaderName { get; set; } = "Idempotency-Key";

    /// <summary>Most transactions in one request; larger batches are split.</summary>
    public int MaxBatchSize { get; set; } = 100;

    /// <summary>Limit for one HTTP attempt.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Limit for one post including its retries and rate-limit waits; past it the batch is reported transient.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries within one post (exponential backoff with jitter). The outbox retries again later beyond these.</summary>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>First retry delay; doubles each attempt.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// A 429/503 whose Retry-After is longer than this is not waited out inside the call: the batch comes
    /// back transient with the Retry-After, and the outbox schedules the next attempt no earlier than that.
    /// </summary>
    public TimeSpan MaxRetryAfterWithinCall { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>ERP quota; 0 means unlimited.</summary>
    public double RateLimitPerSecond { get; set; }

    /// <summary>Whether <see cref="RateLimitPerSecond"/> counts requests or transactions.</summary>
    public ErpRateLimitUnit RateLimitUnit { get; set; } = ErpRateLimitUnit.Requests;

    /// <summary>Share of failed attempts within <see cref="CircuitBreakerSamplingDuration"/> that opens the circuit.</summary>
    public double CircuitBreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Attempts needed in the sampling window before the breaker judges at all.</summary>
    public int CircuitBreakerMinimumThroughput { get; set; } = 10;

    public TimeSpan CircuitBreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long an open circuit refuses calls before it lets one probe through. It also bounds how soon posting resumes
    /// after an outage that opened the circuit (the outbox's probes go through it), so 5 s, not longer: the outbox
    /// already keeps a down ERP to one probe per plant every few seconds (docs/erp-outbox.md, "Resumption after an outage").
    /// </summary>
    public TimeSpan CircuitBreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(5);
}
