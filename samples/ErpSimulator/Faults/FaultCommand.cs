namespace ErpSimulator.Faults;

/// <summary>
/// POST /admin/faults body. Only the fields given change; <see cref="OutageSeconds"/> adds an outage
/// window starting <see cref="OutageStartsInSeconds"/> from now; <see cref="EndOutages"/> closes all windows.
/// </summary>
public sealed class FaultCommand
{
    public int? LatencyMs { get; set; }

    public double? ServerErrorRate { get; set; }

    public int? ServerErrorStatus { get; set; }

    public double? ThrottleRate { get; set; }

    public int? RetryAfterSeconds { get; set; }

    public int? FailNextRequests { get; set; }

    public int? ThrottleNextRequests { get; set; }

    public int? LoseNextAnswers { get; set; }

    public double? OutageSeconds { get; set; }

    public double? OutageStartsInSeconds { get; set; }

    public bool? OutageDropsConnections { get; set; }

    public bool? EndOutages { get; set; }

    /// <returns>Null when valid, else what is wrong and what to send instead.</returns>
    public string? Problem()
    {
        if (LatencyMs is < 0 or > 600_000)
        {
            return "latencyMs must be between 0 and 600000.";
        }

        if (ServerErrorRate is < 0 or > 1 || ThrottleRate is < 0 or > 1)
        {
            return "serverErrorRate and throttleRate are shares between 0 and 1.";
        }

        if (ServerErrorStatus is { } status && (status < 500 || status > 599))
        {
            return "serverErrorStatus must be a 5xx status code, e.g. 503.";
        }

        if (RetryAfterSeconds is < 0 or > 3600)
        {
            return "retryAfterSeconds must be between 0 and 3600.";
        }

        if (FailNextRequests < 0 || ThrottleNextRequests < 0 || LoseNextAnswers < 0)
        {
            return "failNextRequests, throttleNextRequests and loseNextAnswers cannot be negative.";
        }

        if (OutageSeconds is <= 0 or > 86_400 || OutageStartsInSeconds is < 0 or > 86_400)
        {
            return "outageSeconds must be above 0 and outageStartsInSeconds at least 0, both at most 86400.";
        }

        if (OutageStartsInSeconds is not null && OutageSeconds is null)
        {
            return "outageStartsInSeconds needs outageSeconds (how long the outage lasts).";
        }

        return null;
    }
}
