namespace Twin.Domain.Machines;

/// <summary>One incoming signal value. Quality: 0 good, 1 uncertain, 2 bad (OPC UA status class). A struct: a batch
/// of them is one array, not one object per value.</summary>
public readonly record struct SignalSample(string Name, double? Number, string? Text, int Quality, DateTimeOffset SourceTimestamp)
{
    public bool IsGood => Quality == 0;
}

/// <summary>What one batch did: counts, status changes and the production that must be reported.</summary>
public sealed record SignalBatchEffect(
    bool DuplicateBatch,
    int Applied,
    int Ignored,
    long GoodDelta,
    long ScrapDelta,
    long CycleDelta,
    IReadOnlyList<StateChange> StatusChanges,
    MachineAssignment? ReportTo);
