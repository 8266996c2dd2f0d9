namespace Twin.Benchmarks.Harness;

/// <summary>One benchmark scenario: sets up what it measures, runs it, tears it down, returns its figures.</summary>
public interface IBenchmarkScenario
{
    /// <summary>Command-line name, e.g. "erp-sync".</summary>
    string Name { get; }

    /// <summary>One line for the help text and the README.</summary>
    string Description { get; }

    /// <summary>Runs the scenario, adding figures to <paramref name="figures"/> as they are measured; throws when it breaks (a missed target is not a break).</summary>
    Task RunAsync(RunMode mode, FigureSink figures, CancellationToken cancellationToken);
}
