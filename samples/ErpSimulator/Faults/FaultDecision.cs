namespace ErpSimulator.Faults;

/// <summary>What the fault injector decided for one post.</summary>
public enum FaultKind
{
    None,
    ServerError,
    Throttle,
    Outage,
    OutageDropConnection,
    LoseAnswer,
}

public readonly record struct FaultDecision(FaultKind Kind, TimeSpan Latency, int Status, int RetryAfterSeconds);
