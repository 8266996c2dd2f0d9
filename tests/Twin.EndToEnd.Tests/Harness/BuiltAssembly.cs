namespace Twin.EndToEnd.Tests.Harness;

/// <summary>Finds a sibling project's build output of the same configuration as the running tests.</summary>
internal static class BuiltAssembly
{
    /// <param name="parts">Path from the repository root to the project folder, then the assembly file name.</param>
    public static string Path(params string[] parts)
    {
        // Tests run from tests/Twin.EndToEnd.Tests/bin/<Configuration>/<tfm>/.
        var bin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(System.IO.Path.DirectorySeparatorChar));
        var configuration = bin.Parent!.Name;
        var repo = bin.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
        var project = System.IO.Path.Combine([repo, .. parts[..^1]]);
        var path = System.IO.Path.Combine(project, "bin", configuration, bin.Name, parts[^1]);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{parts[^1]} not found at {path}; build {project} with -c {configuration} first.");
    }

    public static string RepositoryRoot()
    {
        var bin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(System.IO.Path.DirectorySeparatorChar));
        return bin.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
    }
}
