using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Twin.Benchmarks.Harness;
using RunMode = Twin.Benchmarks.Harness.RunMode;

namespace Twin.Benchmarks.Scenarios.Decoder;

/// <summary>Scenario 2: BenchmarkDotNet micro benchmark of PublishResponse decoding, per Double notification.</summary>
public sealed class DecoderScenario : IBenchmarkScenario
{
    public string Name => "decoder";

    public string Description => "PublishResponse decoding (BenchmarkDotNet, 1000 Double notifications per response): ns and bytes per notification";

    public Task RunAsync(RunMode mode, FigureSink figures, CancellationToken cancellationToken)
    {
        // In-process: no generated project to build (our build policy would make that slow and fragile); the
        // benchmark still gets BenchmarkDotNet's pilot, warm-up, outlier removal and GC accounting.
        var job = (mode.IsSmoke ? Job.Dry : Job.Default.WithWarmupCount(5).WithIterationCount(15))
            .WithToolchain(InProcessEmitToolchain.Instance);
        var config = ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddLogger(mode.IsSmoke ? NullLogger.Instance : ConsoleLogger.Default)
            .WithArtifactsPath(Path.Combine(Path.GetTempPath(), "twin-benchmarkdotnet"));
        var summary = BenchmarkRunner.Run<PublishResponseDecoding>(config);
        if (summary.HasCriticalValidationErrors || summary.Reports.Length != 1 || summary.Reports[0].ResultStatistics is null)
        {
            throw new InvalidOperationException(
                "BenchmarkDotNet did not produce a result for PublishResponseDecoding: " +
                string.Join("; ", summary.ValidationErrors.Select(e => e.Message)));
        }

        var report = summary.Reports[0];
        var nanoseconds = report.ResultStatistics!.Mean;
        var bytes = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? 0;
        figures.AddRange(
        [
            Figure.AtMost(Name, "decode time per Double notification", nanoseconds, "ns", 100,
                $"1000-notification PublishResponse, {PublishResponseSample.Encode(PublishResponseDecoding.Notifications).Length:N0} bytes"),
            Figure.AtMost(Name, "allocated per Double notification", bytes, "B", 0, "steady state, reused DataChangeBatch"),
        ]);
        return Task.CompletedTask;
    }
}
