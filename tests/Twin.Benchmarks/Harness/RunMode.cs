namespace Twin.Benchmarks.Harness;

/// <summary>
/// How long a scenario runs. The smoke exists so the scenarios cannot rot in CI: a few seconds each,
/// judged only on whether the scenario still works, never on its figures.
/// </summary>
public sealed record RunMode(bool IsSmoke, TimeSpan Measure, TimeSpan Warmup)
{
    public static RunMode Full(TimeSpan? measure = null) => new(false, measure ?? TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(5));

    public static RunMode Smoke() => new(true, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(0.5));
}
