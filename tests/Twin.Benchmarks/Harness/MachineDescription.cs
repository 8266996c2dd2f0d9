using System.Diagnostics;
using System.Runtime;
using System.Runtime.InteropServices;

namespace Twin.Benchmarks.Harness;

/// <summary>What the figures were measured on; a figure without its machine means nothing.</summary>
public sealed record MachineDescription(
    string CpuModel,
    int LogicalCores,
    double RamGiB,
    string Os,
    string DotNet,
    string GcMode,
    string Configuration,
    string GitCommit,
    bool GitTreeDirty,
    string LoadAverage)
{
    /// <summary>/proc/loadavg (1, 5, 15 minutes): figures taken while other work ran on the machine say so here.</summary>
    public static string ReadLoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    public static MachineDescription Describe()
    {
        var (commit, dirty) = GitState();
        return new MachineDescription(
            ReadCpuModel(),
            Environment.ProcessorCount,
            Math.Round(RamKiB() / 1024.0 / 1024.0, 1),
            RuntimeInformation.OSDescription,
            RuntimeInformation.FrameworkDescription,
            GCSettings.IsServerGC ? "server" : "workstation",
#if DEBUG
            "Debug",
#else
            "Release",
#endif
            commit,
            dirty,
            ReadLoadAverage());
    }

    private static string ReadCpuModel()
    {
        const string file = "/proc/cpuinfo";
        if (!File.Exists(file))
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }

        var line = File.ReadLines(file).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
        return line is null ? RuntimeInformation.ProcessArchitecture.ToString() : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
    }

    private static long RamKiB()
    {
        const string file = "/proc/meminfo";
        var line = File.Exists(file) ? File.ReadLines(file).FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)) : null;
        var digits = line is null ? "" : new string(line.Where(char.IsDigit).ToArray());
        return long.TryParse(digits, out var kib) ? kib : GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1024;
    }

    private static (string Commit, bool Dirty) GitState()
    {
        var root = RepositoryPaths.Root;
        var commit = Run("git", $"-C \"{root}\" rev-parse HEAD")?.Trim() ?? "unknown";
        // Only the benchmark's own inputs matter for "dirty", but any change is reported: honest over tidy.
        var status = Run("git", $"-C \"{root}\" status --porcelain --untracked-files=no");
        return (commit, !string.IsNullOrWhiteSpace(status));
    }

    private static string? Run(string file, string arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true });
            if (process is null)
            {
                return null;
            }

            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit(5000);
            return process.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // git not installed: the commit is reported as unknown.
        }
    }
}
