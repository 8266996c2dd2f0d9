namespace PlantSimulator.Simulation;

/// <summary>The signals every simulated machine publishes; each becomes one OPC UA variable.</summary>
[Flags]
public enum MachineSignal
{
    None = 0,

    /// <summary>Good parts made since the simulator started (UInt32, wraps like a PLC counter).</summary>
    GoodCount = 1 << 0,

    /// <summary>Scrapped parts since the simulator started (UInt32).</summary>
    ScrapCount = 1 << 1,

    /// <summary>Tool or spindle temperature in °C (Double).</summary>
    Temperature = 1 << 2,

    /// <summary>Strokes or revolutions per minute (Double); 0 when not running.</summary>
    Speed = 1 << 3,

    /// <summary>Running, Idle, Down or Setup (String).</summary>
    Status = 1 << 4,

    /// <summary>True while producing (Boolean).</summary>
    Running = 1 << 5,

    /// <summary>The work order the machine is working on (String).</summary>
    WorkOrder = 1 << 6,

    All = GoodCount | ScrapCount | Temperature | Speed | Status | Running | WorkOrder,
}

/// <summary>Helpers over <see cref="MachineSignal"/>.</summary>
public static class MachineSignals
{
    /// <summary>Every single signal, in the order they appear in the address space.</summary>
    public static IReadOnlyList<MachineSignal> Each { get; } =
    [
        MachineSignal.GoodCount, MachineSignal.ScrapCount, MachineSignal.Temperature, MachineSignal.Speed,
        MachineSignal.Status, MachineSignal.Running, MachineSignal.WorkOrder,
    ];
}
