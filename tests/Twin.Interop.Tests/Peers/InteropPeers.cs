namespace Twin.Interop.Tests.Peers;

/// <summary>
/// Finds the node-opcua peer scripts (tests/interop) and the node executable. The peers are part
/// of the suite, not optional extras: when they are missing the tests fail with what to run.
/// </summary>
internal static class InteropPeers
{
    /// <summary>The folder with package.json, node_modules and the peer scripts.</summary>
    public static string Directory { get; } = Locate();

    private static string Locate()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("TWIN_INTEROP_DIR");
        var candidate = !string.IsNullOrWhiteSpace(fromEnvironment) ? fromEnvironment : FindUpwards();
        if (candidate is null)
        {
            throw new InvalidOperationException(
                "The node-opcua peers were not found: set TWIN_INTEROP_DIR to tests/interop, or run the tests from inside the repository.");
        }

        if (!System.IO.Directory.Exists(Path.Combine(candidate, "node_modules", "node-opcua")))
        {
            throw new InvalidOperationException(
                $"node-opcua is not installed in {candidate}: run `npm ci` there (tests/run-all.sh does it).");
        }

        return candidate;
    }

    private static string? FindUpwards()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var interop = Path.Combine(dir.FullName, "tests", "interop");
            if (File.Exists(Path.Combine(interop, "package.json")))
            {
                return interop;
            }
        }

        return null;
    }
}
