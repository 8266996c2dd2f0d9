namespace ErpSimulator.Faults;

/// <summary>The faults currently injected (GET /admin/faults shows this).</summary>
public sealed record FaultSettings
{
    /// <summary>Delay added to every batch post.</summary>
    public int LatencyMs { get; init; }

    /// <summary>Share of posts answered with <see cref="ServerErrorStatus"/>, 0..1.</summary>
    public double ServerErrorRate { get; init; }

    public int ServerErrorStatus { get; init; } = 503;

    /// <summary>Share of posts answered 429 with Retry-After, 0..1.</summary>
    public double ThrottleRate { get; init; }

    public int RetryAfterSeconds { get; init; } = 1;

    /// <summary>The next this-many posts fail with <see cref="ServerErrorStatus"/> (deterministic, for tests).</summary>
    public int FailNextRequests { get; init; }

    /// <summary>The next this-many posts get 429 with Retry-After.</summary>
    public int ThrottleNextRequests { get; init; }

    /// <summary>The next this-many posts are booked, then answered 500: the client must post again and be told "already booked".</summary>
    public int LoseNextAnswers { get; init; }

    /// <summary>While a window is open every post fails (503 with Retry-After, or a dropped connection when <see cref="OutageDropsConnections"/>).</summary>
    public IReadOnlyList<OutageWindow> Outages { get; init; } = [];

    public bool OutageDropsConnections { get; init; }
}

/// <summary>A time span during which the ERP is down.</summary>
public sealed record OutageWindow(DateTimeOffset From, DateTimeOffset Until);
