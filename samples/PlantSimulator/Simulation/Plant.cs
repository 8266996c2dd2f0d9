namespace PlantSimulator.Simulation;

/// <summary>All simulated machines of a plant, moved forward together one step at a time.</summary>
public sealed class Plant
{
    private Plant(PlantLayout layout, IReadOnlyList<SimulatedMachine> machines)
    {
        Layout = layout;
        Machines = machines;
    }

    public PlantLayout Layout { get; }

    public IReadOnlyList<SimulatedMachine> Machines { get; }

    /// <summary>Builds the plant. Each machine's generator is derived from the seed and its position only.</summary>
    public static Plant Create(PlantLayout layout, int seed, MachineBehaviour? behaviour = null, uint counterStart = 0)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var machines = layout.Machines()
            .Select((m, index) => new SimulatedMachine(m.Line, m.Kind, m.Number, MachineSeed(seed, index), behaviour ?? MachineBehaviour.Default, counterStart))
            .ToArray();
        return new Plant(layout, machines);
    }

    /// <summary>Advances every machine and reports each one whose signals changed.</summary>
    public void Advance(TimeSpan elapsed, Action<SimulatedMachine, MachineSignal> changed)
    {
        foreach (var machine in Machines)
        {
            var signals = machine.Advance(elapsed);
            if (signals != MachineSignal.None)
            {
                changed(machine, signals);
            }
        }
    }

    // A fixed mix (not HashCode.Combine, which is randomised per process) so a seed means the same plant every run.
    private static int MachineSeed(int seed, int index) => unchecked((seed * 1_000_003) + (index * 7_919) + 17);
}
