namespace ErpSimulator.Faults;

/// <summary>Holds the injected faults and decides, post by post, which one strikes. Thread-safe.</summary>
public sealed class FaultInjector(TimeProvider timeProvider)
{
    private readonly Lock _gate = new();
    private FaultSettings _settings = new();

    public FaultSettings Current
    {
        get
        {
            lock (_gate)
            {
                return _settings;
            }
        }
    }

    public FaultSettings Apply(FaultCommand command)
    {
        var now = timeProvider.GetUtcNow();
        lock (_gate)
        {
            var s = _settings;
            var outages = command.EndOutages == true ? [] : s.Outages.Where(w => w.Until > now).ToList();
            if (command.OutageSeconds is { } seconds)
            {
                var from = now + TimeSpan.FromSeconds(command.OutageStartsInSeconds ?? 0);
                outages.Add(new OutageWindow(from, from + TimeSpan.FromSeconds(seconds)));
            }

            _settings = new FaultSettings
            {
                LatencyMs = command.LatencyMs ?? s.LatencyMs,
                ServerErrorRate = command.ServerErrorRate ?? s.ServerErrorRate,
                ServerErrorStatus = command.ServerErrorStatus ?? s.ServerErrorStatus,
                ThrottleRate = command.ThrottleRate ?? s.ThrottleRate,
                RetryAfterSeconds = command.RetryAfterSeconds ?? s.RetryAfterSeconds,
                FailNextRequests = command.FailNextRequests ?? s.FailNextRequests,
                ThrottleNextRequests = command.ThrottleNextRequests ?? s.ThrottleNextRequests,
                LoseNextAnswers = command.LoseNextAnswers ?? s.LoseNextAnswers,
                Outages = outages,
                OutageDropsConnections = command.OutageDropsConnections ?? s.OutageDropsConnections,
            };
            return _settings;
        }
    }

    public FaultSettings Reset()
    {
        lock (_gate)
        {
            _settings = new FaultSettings();
            return _settings;
        }
    }

    /// <summary>Decides the fate of one post, using up one of the "next N" counters if it applies.</summary>
    public FaultDecision Decide()
    {
        var now = timeProvider.GetUtcNow();
        lock (_gate)
        {
            var s = _settings;
            var latency = TimeSpan.FromMilliseconds(s.LatencyMs);
            if (s.Outages.Any(w => w.From <= now && now < w.Until))
            {
                return new FaultDecision(s.OutageDropsConnections ? FaultKind.OutageDropConnection : FaultKind.Outage, latency, 503, s.RetryAfterSeconds);
            }

            if (s.FailNextRequests > 0)
            {
                _settings = s with { FailNextRequests = s.FailNextRequests - 1 };
                return new FaultDecision(FaultKind.ServerError, latency, s.ServerErrorStatus, 0);
            }

            if (s.ThrottleNextRequests > 0)
            {
                _settings = s with { ThrottleNextRequests = s.ThrottleNextRequests - 1 };
                return new FaultDecision(FaultKind.Throttle, latency, 429, s.RetryAfterSeconds);
            }

            if (s.LoseNextAnswers > 0)
            {
                _settings = s with { LoseNextAnswers = s.LoseNextAnswers - 1 };
                return new FaultDecision(FaultKind.LoseAnswer, latency, 500, 0);
            }

            var roll = Random.Shared.NextDouble();
            if (roll < s.ServerErrorRate)
            {
                return new FaultDecision(FaultKind.ServerError, latency, s.ServerErrorStatus, 0);
            }

            if (roll < s.ServerErrorRate + s.ThrottleRate)
            {
                return new FaultDecision(FaultKind.Throttle, latency, 429, s.RetryAfterSeconds);
            }

            return new FaultDecision(FaultKind.None, latency, 200, 0);
        }
    }
}
