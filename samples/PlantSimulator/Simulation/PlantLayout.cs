namespace PlantSimulator.Simulation;

/// <summary>
/// The shape of the simulated plant: how many lines, how many machines on each. Machine kinds
/// follow <see cref="MachineKind.LinePattern"/> along every line and are numbered plant-wide per
/// kind, so machine ids are unique: Line1 holds Press1, Press2, Press3, Lathe1; Line2 Press4, ...
/// </summary>
public sealed record PlantLayout
{
    /// <summary>Plant id the twins use, e.g. "plant-1".</summary>
    public string PlantId { get; init; } = "plant-1";

    public int Lines { get; init; } = 2;

    public int MachinesPerLine { get; init; } = 4;

    /// <summary>Total machine count.</summary>
    public int MachineCount => Lines * MachinesPerLine;

    /// <summary>Line name, kind and plant-wide number of every machine, line by line.</summary>
    public IEnumerable<(string Line, MachineKind Kind, int Number)> Machines()
    {
        var numbers = new Dictionary<MachineKind, int>();
        for (var line = 1; line <= Lines; line++)
        {
            for (var position = 0; position < MachinesPerLine; position++)
            {
                var kind = MachineKind.LinePattern[position % MachineKind.LinePattern.Count];
                var number = numbers[kind] = numbers.GetValueOrDefault(kind) + 1;
                yield return ($"Line{line}", kind, number);
            }
        }
    }
}
