namespace PlantSimulator.Simulation;

/// <summary>
/// How long machines stay in each state on average and how big work orders are. Spell lengths are
/// drawn from exponential distributions around these means, which is how unplanned stops look in
/// shop-floor data: mostly short, now and then a long one.
/// </summary>
public sealed record MachineBehaviour
{
    /// <summary>The defaults: a machine runs for a minute and a half at a time, then idles or breaks down.</summary>
    public static MachineBehaviour Default { get; } = new();

    public TimeSpan MeanRunSpell { get; init; } = TimeSpan.FromSeconds(90);

    public TimeSpan MeanIdleSpell { get; init; } = TimeSpan.FromSeconds(20);

    public TimeSpan MeanDownSpell { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan MeanSetupSpell { get; init; } = TimeSpan.FromSeconds(45);

    /// <summary>Share of run-spell ends that are breakdowns rather than idling (0–1).</summary>
    public double BreakdownShare { get; init; } = 0.25;

    public int MinWorkOrderQuantity { get; init; } = 50;

    public int MaxWorkOrderQuantity { get; init; } = 300;

    /// <summary>Temperature of a cold machine, °C.</summary>
    public double AmbientTemperature { get; init; } = 22;

    /// <summary>How quickly temperatures follow the machine's state (first-order time constant).</summary>
    public TimeSpan ThermalTimeConstant { get; init; } = TimeSpan.FromSeconds(60);
}
