using System.Diagnostics.Metrics;

namespace Twin.Grains.Machines;

/// <summary>
/// What the machine twins do, as System.Diagnostics.Metrics instruments (meter "Twin.Machines"): signals applied
/// and ignored, and state writes. Exact counts, so benchmarks and operators need not infer throughput from samples.
/// </summary>
public static class MachineMetrics
{
    public const string MeterName = "Twin.Machines";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Signal values a machine twin took (newer than what it had).</summary>
    public static readonly Counter<long> SignalsApplied = Meter.CreateCounter<long>("twin.machine.signals.applied", "{signal}",
        "Signal values applied to machine twins");

    /// <summary>Signal values ignored as stale (not newer than the twin's) or as part of a resent batch.</summary>
    public static readonly Counter<long> SignalsIgnored = Meter.CreateCounter<long>("twin.machine.signals.ignored", "{signal}",
        "Signal values ignored by machine twins (stale or resent)");

    /// <summary>State writes of machine twins (coalesced: at most one per twin per save interval).</summary>
    public static readonly Counter<long> Writes = Meter.CreateCounter<long>("twin.machine.writes", "{write}",
        "State writes of machine twins");
}
