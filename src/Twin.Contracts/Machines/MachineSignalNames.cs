namespace Twin.Contracts;

/// <summary>
/// Signal names the machine twin understands. The ingest tag map maps an OPC UA node to one of these;
/// any other name is kept as a plain latest value.
/// </summary>
public static class MachineSignalNames
{
    /// <summary>Absolute good-part counter from the PLC (resets and rollovers are handled).</summary>
    public const string GoodCount = "good-count";

    /// <summary>Absolute scrap counter from the PLC.</summary>
    public const string ScrapCount = "scrap-count";

    /// <summary>Absolute cycle counter from the PLC.</summary>
    public const string CycleCount = "cycle-count";

    /// <summary>Machine status as text (a <see cref="MachineStatus"/> name) or number (its value).</summary>
    public const string Status = "status";
}
