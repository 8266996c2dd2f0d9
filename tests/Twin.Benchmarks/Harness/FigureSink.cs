namespace Twin.Benchmarks.Harness;

/// <summary>
/// Where a scenario reports its figures as it measures them: each is printed at once, and figures measured
/// before a later part of the scenario breaks are kept in the results.
/// </summary>
public sealed class FigureSink
{
    private readonly List<Figure> _figures = [];

    public IReadOnlyList<Figure> Figures => _figures;

    public void Add(Figure figure)
    {
        _figures.Add(figure);
        var beside = figure.Baseline is { } b ? $" vs {b:0.###} {figure.BaselineName} = {figure.Ratio * 100:0.#} %" : "";
        Console.WriteLine($"   {figure.Name}: {figure.Value:0.###} {figure.Unit}{beside}{(figure.Met is false ? "  (target missed)" : "")}");
    }

    public void AddRange(IEnumerable<Figure> figures)
    {
        foreach (var figure in figures)
        {
            Add(figure);
        }
    }

    /// <summary>A line of progress (setup steps can take a while on a loaded 2-core machine).</summary>
    public static void Progress(string text) => Console.WriteLine($"   .. {text}");
}
