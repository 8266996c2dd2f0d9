using System.Diagnostics;

namespace Twin.Benchmarks.Harness;

/// <summary>Runs scenarios one after another (the machine has 2 cores: never two at once), prints and saves the results.</summary>
public sealed class ScenarioRunner(IReadOnlyList<IBenchmarkScenario> scenarios)
{
    public IReadOnlyList<IBenchmarkScenario> Scenarios => scenarios;

    /// <summary>Exit code: 0 unless a scenario broke. Missed targets are reported, not failed.</summary>
    public async Task<int> RunAsync(string command, IReadOnlyList<IBenchmarkScenario> selected, RunMode mode, bool save, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        var loadAtStart = MachineDescription.ReadLoadAverage();
        var figures = new List<Figure>();
        var failures = new List<ScenarioFailure>();
        foreach (var scenario in selected)
        {
            Console.WriteLine($"== {scenario.Name}{(mode.IsSmoke ? " (smoke)" : "")}: {scenario.Description}");
            var clock = Stopwatch.StartNew();
            var sink = new FigureSink();
            try
            {
                await scenario.RunAsync(mode, sink, cancellationToken);
            }
            catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // One broken scenario must not hide the others' figures; it still fails the run.
                failures.Add(new ScenarioFailure(scenario.Name, error.ToString()));
                Console.Error.WriteLine($"   {scenario.Name} BROKE: {error}");
            }

            figures.AddRange(sink.Figures);
            Console.WriteLine($"   ({clock.Elapsed.TotalSeconds:0.0} s)");
        }

        var report = new ResultsReport(started, command, mode.IsSmoke ? "smoke" : "full", loadAtStart, MachineDescription.Describe(), figures, failures);
        Console.WriteLine();
        Console.WriteLine(report.ToTable());
        Console.WriteLine($"Machine: {report.Machine.CpuModel}, {report.Machine.LogicalCores} cores, {report.Machine.RamGiB} GiB, {report.Machine.DotNet}; load average at start {loadAtStart}, at end {report.Machine.LoadAverage}");
        if (save)
        {
            Console.WriteLine($"Results written to {report.Save(RepositoryPaths.Results)}");
        }

        return failures.Count == 0 ? 0 : 1;
    }
}
