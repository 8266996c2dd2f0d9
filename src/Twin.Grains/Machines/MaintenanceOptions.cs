namespace Twin.Grains.Machines;

/// <summary>
/// How long a machine may stand in Fault or Down before a maintenance request goes to the CMMS (docs/events.md).
/// Bound from "Twin:Maintenance": <c>DownAfter</c> for every machine, <c>DownAfterByClass:{class}</c> for the
/// machines registered with that class.
/// </summary>
public sealed class MaintenanceOptions
{
    public const string Section = "Twin:Maintenance";

    /// <summary>Longest time that may be set: a request a month after the stop helps nobody.</summary>
    public static readonly TimeSpan Longest = TimeSpan.FromDays(30);

    /// <summary>Shortest time that may be set (tests use seconds; a plant minutes).</summary>
    public static readonly TimeSpan Shortest = TimeSpan.FromSeconds(1);

    public TimeSpan DownAfter { get; set; } = TimeSpan.FromMinutes(30);

    public Dictionary<string, TimeSpan> DownAfterByClass { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
