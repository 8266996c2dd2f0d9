namespace Twin.Grains.Webhooks;

/// <summary>Delay before the next attempt: doubling from the first delay, up to the longest; a receiver's Retry-After wins within those bounds.</summary>
internal static class WebhookRetryDelay
{
    public static TimeSpan After(int failedAttempts, TimeSpan? retryAfter, WebhookOptions options)
    {
        var doubled = options.InitialRetryDelay.Ticks * Math.Pow(2, Math.Min(30, Math.Max(0, failedAttempts - 1)));
        var delay = TimeSpan.FromTicks((long)Math.Min(doubled, options.MaxRetryDelay.Ticks));
        if (retryAfter is { } asked && asked > TimeSpan.Zero)
        {
            delay = asked < options.MaxRetryDelay ? asked : options.MaxRetryDelay;
        }

        // Up to 10 % later, so the messages of many twins that failed together do not return together.
        return delay + TimeSpan.FromTicks((long)(delay.Ticks * 0.1 * Random.Shared.NextDouble()));
    }
}
