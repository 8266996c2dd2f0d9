namespace Twin.Grains.Twins;

/// <summary>
/// Bounds of the live twins (docs/architecture.md: bounded everything). Bind from configuration section "Twin:Twins";
/// unconfigured, these defaults apply.
/// </summary>
public sealed class TwinOptions
{
    public const string Section = "Twin:Twins";

    /// <summary>History entries kept per twin.</summary>
    public int HistoryLength { get; set; } = 200;

    /// <summary>Request ids (with outcomes) remembered per twin for idempotent retries.</summary>
    public int RememberedRequests { get; set; } = 1000;

    /// <summary>OEE window when the caller gives none.</summary>
    public TimeSpan DefaultOeeWindow { get; set; } = TimeSpan.FromHours(8);

    /// <summary>How long a machine keeps status and count history (the largest OEE window).</summary>
    public TimeSpan MachineHistoryRetention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Default and largest genealogy trace depth.</summary>
    public int DefaultTraceDepth { get; set; } = 10;

    public int MaxTraceDepth { get; set; } = 50;

    /// <summary>Most lots one trace visits.</summary>
    public int MaxTraceLots { get; set; } = 2000;

    /// <summary>
    /// Shortest time between two writes of a machine twin's business changes (counters, status, owed production):
    /// a change is written at once when the last write is older, otherwise with the next tick. Bounds the writes of
    /// a plant to machines / interval whatever the signal rate. Zero writes every change at once.
    /// </summary>
    public TimeSpan MachineSaveInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>History entries kept per machine twin (status changes, production reports, commands).</summary>
    public int MachineHistoryLength { get; set; } = 20;

    /// <summary>
    /// How often a machine writes live values (temperature, speed, ...) that changed without any counter or
    /// status change.
    /// </summary>
    public TimeSpan LiveValueSaveInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How soon a location re-sends a move its destination did not confirm.</summary>
    public TimeSpan TransferRetryDelay { get; set; } = TimeSpan.FromSeconds(5);
}
