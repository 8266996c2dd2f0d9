namespace Twin.Contracts;

/// <summary>What a machine is doing. Unknown until the first status arrives.</summary>
public enum MachineStatus
{
    Unknown = 0,
    Idle = 1,
    Running = 2,
    Setup = 3,
    Down = 4,
    Fault = 5,
}
