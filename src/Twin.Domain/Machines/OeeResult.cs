namespace Twin.Domain.Machines;

/// <summary>OEE figures over a window; null ratios mean there is no basis (no planned time, no parts, no ideal cycle time).</summary>
public sealed record OeeResult(
    DateTimeOffset From,
    DateTimeOffset To,
    TimeSpan PlannedTime,
    TimeSpan RunningTime,
    long Good,
    long Scrap,
    double? Availability,
    double? Performance,
    double? Quality,
    double? Oee);
