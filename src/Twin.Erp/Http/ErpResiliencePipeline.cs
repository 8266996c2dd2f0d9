using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.RateLimiting;

namespace Twin.Erp.Http;

/// <summary>
/// The connector's resilience, built from Polly strategies (outermost first):
/// total timeout → retry (exponential, jitter, Retry-After) → circuit breaker → rate limit → attempt timeout.
/// The rate limit sits inside the retry so that retries are paced too, and inside the breaker so an
/// open circuit does not spend quota.
/// </summary>
internal static class ErpResiliencePipeline
{
    public const string Name = "twin-erp";

    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> builder, HttpErpConnectorOptions options, ErpRateGate gate)
    {
        builder.AddTimeout(new HttpTimeoutStrategyOptions { Name = "erp-total-timeout", Timeout = options.TotalTimeout });

        // Polly requires at least one attempt for a retry strategy; 0 means "leave retrying to the outbox".
        if (options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new HttpRetryStrategyOptions
            {
                Name = "erp-retry",
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                ShouldRetryAfterHeader = true,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetryWithinCall(args.Outcome, options.MaxRetryAfterWithinCall)),
            });
        }

        builder.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
        {
            Name = "erp-circuit-breaker",
            FailureRatio = options.CircuitBreakerFailureRatio,
            MinimumThroughput = options.CircuitBreakerMinimumThroughput,
            SamplingDuration = options.CircuitBreakerSamplingDuration,
            BreakDuration = options.CircuitBreakerBreakDuration,
        });

        if (gate.IsLimited)
        {
            builder.AddRateLimiter(new RateLimiterStrategyOptions
            {
                Name = "erp-rate-limit",
                RateLimiter = args => gate.AcquireAsync(args.Context.GetRequestMessage(), args.Context.CancellationToken),
            });
        }

        builder.AddTimeout(new HttpTimeoutStrategyOptions { Name = "erp-attempt-timeout", Timeout = options.AttemptTimeout });
    }

    /// <summary>
    /// Transient failures are retried here, except a Retry-After longer than we are willing to wait
    /// inside one call: that answer goes back to the outbox, which schedules the batch for later.
    /// </summary>
    internal static bool ShouldRetryWithinCall(Outcome<HttpResponseMessage> outcome, TimeSpan maxRetryAfterWithinCall)
    {
        if (!HttpClientResiliencePredicates.IsTransient(outcome))
        {
            return false;
        }

        var response = outcome.Result;
        if (response is null || (response.StatusCode != HttpStatusCode.TooManyRequests && response.StatusCode != HttpStatusCode.ServiceUnavailable))
        {
            return true;
        }

        var retryAfter = RetryAfterHeader.Read(response, DateTimeOffset.UtcNow);
        return retryAfter is null || retryAfter <= maxRetryAfterWithinCall;
    }
}
