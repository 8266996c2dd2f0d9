namespace Twin.Erp.Outbox;

/// <summary>
/// When to post a transiently failed transaction again: exponential, capped, spread by jitter, and
/// never earlier than the ERP's Retry-After. (Scheduling arithmetic only; the in-call retries are
/// Polly's, in the connector.)
/// </summary>
public static class ErpRetryDelay
{
    public static TimeSpan For(int attempts, TimeSpan? retryAfter, ErpOutboxOptions options, double random01)
    {
        var exponent = Math.Min(Math.Max(attempts - 1, 0), 30);
        var doubled = options.InitialRetryDelay.TotalMilliseconds * Math.Pow(2, exponent);
        var capped = Math.Min(doubled, options.MaxRetryDelay.TotalMilliseconds);
        var spread = 1 + (((random01 * 2) - 1) * options.RetryJitter);
        var delay = TimeSpan.FromMilliseconds(capped * spread);
        return retryAfter is { } asked && asked > delay ? asked : delay;
    }
}
