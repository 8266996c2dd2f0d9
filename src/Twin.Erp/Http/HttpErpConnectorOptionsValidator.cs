using Microsoft.Extensions.Options;

namespace Twin.Erp.Http;

/// <summary>Checks connector settings at start, naming the setting and what to put there.</summary>
internal sealed class HttpErpConnectorOptionsValidator : IValidateOptions<HttpErpConnectorOptions>
{
    private const string Section = HttpErpConnectorOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, HttpErpConnectorOptions options)
    {
        var errors = new List<string>();

        if (!Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out var baseUri)
            || (baseUri.Scheme != Uri.UriSchemeHttp && baseUri.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"{Section}:BaseUrl is '{options.BaseUrl}'; set it to the ERP's absolute http(s) address, e.g. http://127.0.0.1:5080.");
        }

        if (string.IsNullOrWhiteSpace(options.BatchPath))
        {
            errors.Add($"{Section}:BatchPath is empty; set the path of the ERP's batch endpoint, e.g. /api/erp/transactions/batch.");
        }

        if (!string.IsNullOrEmpty(options.AuthHeaderValue) && string.IsNullOrWhiteSpace(options.AuthHeaderName))
        {
            errors.Add($"{Section}:AuthHeaderName is empty but AuthHeaderValue is set; name the header, e.g. Authorization.");
        }

        if (string.IsNullOrWhiteSpace(options.IdempotencyKeyHeaderName))
        {
            errors.Add($"{Section}:IdempotencyKeyHeaderName is empty; the default is Idempotency-Key.");
        }

        Require(errors, options.MaxBatchSize is >= 1 and <= 10_000, "MaxBatchSize", options.MaxBatchSize, "between 1 and 10000");
        // Ranges are those Polly accepts, so a bad value fails here at start, not at the first post.
        Require(errors, InRange(options.AttemptTimeout, TimeSpan.FromMilliseconds(10)), "AttemptTimeout", options.AttemptTimeout, "between 00:00:00.01 and 1.00:00:00");
        Require(errors, InRange(options.TotalTimeout, options.AttemptTimeout), "TotalTimeout", options.TotalTimeout, "at least AttemptTimeout and at most 1.00:00:00");
        Require(errors, options.MaxRetryAttempts is >= 0 and <= 20, "MaxRetryAttempts", options.MaxRetryAttempts, "between 0 and 20");
        Require(errors, InRange(options.RetryBaseDelay, TimeSpan.FromMilliseconds(1)), "RetryBaseDelay", options.RetryBaseDelay, "between 00:00:00.001 and 1.00:00:00");
        Require(errors, options.MaxRetryAfterWithinCall >= TimeSpan.Zero, "MaxRetryAfterWithinCall", options.MaxRetryAfterWithinCall, "zero or positive");
        Require(errors, options.RateLimitPerSecond == 0 || options.RateLimitPerSecond is >= 0.01 and <= 1_000_000, "RateLimitPerSecond", options.RateLimitPerSecond, "0 (unlimited) or between 0.01 and 1000000");
        Require(errors, options.CircuitBreakerFailureRatio is > 0 and <= 1, "CircuitBreakerFailureRatio", options.CircuitBreakerFailureRatio, "above 0 and at most 1");
        Require(errors, options.CircuitBreakerMinimumThroughput >= 2, "CircuitBreakerMinimumThroughput", options.CircuitBreakerMinimumThroughput, "at least 2");
        Require(errors, InRange(options.CircuitBreakerSamplingDuration, TimeSpan.FromMilliseconds(500)), "CircuitBreakerSamplingDuration", options.CircuitBreakerSamplingDuration, "between 00:00:00.5 and 1.00:00:00");
        Require(errors, InRange(options.CircuitBreakerBreakDuration, TimeSpan.FromMilliseconds(500)), "CircuitBreakerBreakDuration", options.CircuitBreakerBreakDuration, "between 00:00:00.5 and 1.00:00:00");

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static bool InRange(TimeSpan value, TimeSpan min) => value >= min && value <= TimeSpan.FromDays(1);

    private static void Require(List<string> errors, bool ok, string setting, object value, string expected)
    {
        if (!ok)
        {
            errors.Add($"{Section}:{setting} is {value}; it must be {expected}.");
        }
    }
}
