namespace PlantSimulator.Simulation;

/// <summary>What a machine is doing, as an operator would report it.</summary>
public enum MachineStatus
{
    /// <summary>Producing parts at its cycle time.</summary>
    Running,

    /// <summary>Ready but not producing (no material, operator away, waiting for the next step).</summary>
    Idle,

    /// <summary>Stopped by a fault until maintenance clears it.</summary>
    Down,

    /// <summary>Being changed over for the next work order.</summary>
    Setup,
}
