namespace Twin.Benchmarks.Harness;

/// <summary>Which side of the target a figure must land on.</summary>
public enum TargetKind
{
    /// <summary>The figure must be at least the target (throughput).</summary>
    AtLeast,

    /// <summary>The figure must be at most the target (latency, CPU, memory).</summary>
    AtMost,

    /// <summary>Reported for context only (e.g. the node-opcua side of a comparison).</summary>
    Info,
}

/// <summary>One measured number, with the target it is judged against.</summary>
public sealed record Figure(string Scenario, string Name, double Value, string Unit, double? Target, TargetKind Kind, string? Note = null)
{
    /// <summary>The same quantity measured on bare Orleans / ASP.NET Core in the same run (scenario baseline), in <see cref="Unit"/>.</summary>
    public double? Baseline { get; init; }

    /// <summary>What the baseline is, e.g. "bare grain calls via gateway".</summary>
    public string? BaselineName { get; init; }

    /// <summary>Value / Baseline (e.g. 0.43 = 43 % of what bare Orleans does on this machine in this run).</summary>
    public double? Ratio => Baseline is { } b && b != 0 && !double.IsNaN(b) ? Value / b : null;

    /// <summary>The same figure with the baseline it is judged beside.</summary>
    public Figure Beside(double? baseline, string baselineName) => this with { Baseline = baseline, BaselineName = baselineName };

    public bool? Met => Kind switch
    {
        TargetKind.AtLeast when Target is { } t => Value >= t,
        TargetKind.AtMost when Target is { } t => Value <= t,
        _ => null,
    };

    public static Figure AtLeast(string scenario, string name, double value, string unit, double target, string? note = null) =>
        new(scenario, name, value, unit, target, TargetKind.AtLeast, note);

    public static Figure AtMost(string scenario, string name, double value, string unit, double target, string? note = null) =>
        new(scenario, name, value, unit, target, TargetKind.AtMost, note);

    public static Figure Info(string scenario, string name, double value, string unit, string? note = null) =>
        new(scenario, name, value, unit, null, TargetKind.Info, note);
}
