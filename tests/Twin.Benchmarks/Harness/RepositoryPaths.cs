namespace Twin.Benchmarks.Harness;

/// <summary>Finds the repository from wherever the benchmark runs (bin folder, dotnet run, CI).</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>Where committed results go.</summary>
    public static string Results => Path.Combine(Root, "tests", "Twin.Benchmarks", "results");

    /// <summary>The node-opcua peers (TWIN_INTEROP_DIR from tests/run-all.sh, else tests/interop).</summary>
    public static string InteropDir =>
        Environment.GetEnvironmentVariable("TWIN_INTEROP_DIR") is { Length: > 0 } dir ? dir : Path.Combine(Root, "tests", "interop");

    private static string FindRoot()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Twin.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException(
            $"Could not find Twin.sln above {Environment.CurrentDirectory} or {AppContext.BaseDirectory}; run the benchmarks from inside the repository.");
    }
}
