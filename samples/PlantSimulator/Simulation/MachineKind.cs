namespace PlantSimulator.Simulation;

/// <summary>
/// What kind of machine it is and how such a machine behaves: cycle time, scrap rate, speed and
/// temperatures. Figures are plausible for small discrete-manufacturing cells, not measured.
/// </summary>
/// <param name="Name">Name used in node ids and machine ids (Press → Line1.Press3, press-3).</param>
/// <param name="CycleTime">Time to make one part while running.</param>
/// <param name="ScrapRate">Share of parts that come out as scrap (0–1).</param>
/// <param name="NominalSpeed">Speed while running, in strokes or revolutions per minute.</param>
/// <param name="RunningTemperature">Temperature the machine settles at while running, °C.</param>
public sealed record MachineKind(string Name, TimeSpan CycleTime, double ScrapRate, double NominalSpeed, double RunningTemperature)
{
    public static MachineKind Press { get; } = new("Press", TimeSpan.FromSeconds(2), 0.02, 30, 55);

    public static MachineKind Lathe { get; } = new("Lathe", TimeSpan.FromSeconds(6), 0.01, 1800, 45);

    public static MachineKind Mill { get; } = new("Mill", TimeSpan.FromSeconds(9), 0.015, 6000, 50);

    public static MachineKind Welder { get; } = new("Welder", TimeSpan.FromSeconds(4), 0.03, 12, 70);

    /// <summary>The kinds along a line, repeating: three presses feed a lathe, a mill and a welder.</summary>
    public static IReadOnlyList<MachineKind> LinePattern { get; } = [Press, Press, Press, Lathe, Mill, Welder];
}
