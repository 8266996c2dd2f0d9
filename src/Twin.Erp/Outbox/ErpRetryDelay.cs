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
        return Spread(capped, retryAfter, options, random01);
    }

    /// <summary>
    /// Wait before the next one-document probe of an ERP that is failing: <see cref="ErpOutboxOptions.ProbeInterval"/>,
    /// spread by the jitter (plants sharing one ERP do not probe in step), never earlier than Retry-After.
    /// </summary>
    public static TimeSpan Probe(TimeSpan? retryAfter, ErpOutboxOptions options, double random01) =>
        Spread(options.ProbeInterval.TotalMilliseconds, retryAfter, options, random01);

    private static TimeSpan Spread(double milliseconds, TimeSpan? retryAfter, ErpOutboxOptions options, double random01)
    {
        var spread = 1 + (((random01 * 2) - 1) * options.RetryJitter);
        var delay = TimeSpan.FromMilliseconds(milliseconds * spread);
        return retryAfter is { } asked && asked > delay ? asked : delay;
    }
}
