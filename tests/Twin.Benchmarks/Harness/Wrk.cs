using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Twin.Benchmarks.Harness;

/// <summary>HTTP load with wrk from Debian's packages (installed on first use when missing).</summary>
public static partial class Wrk
{
    public sealed record Result(double RequestsPerSecond, double P50Ms, double P99Ms, long Requests, long Non2xx, long SocketErrors);

    public static async Task EnsureInstalledAsync(CancellationToken cancellationToken)
    {
        if (await ExitCodeAsync("sh", ["-c", "command -v wrk"], cancellationToken) == 0)
        {
            return;
        }

        Console.WriteLine("   wrk is missing: apt-get install -y wrk");
        if (await ExitCodeAsync("apt-get", ["install", "-y", "-q", "wrk"], cancellationToken) != 0
            && (await ExitCodeAsync("apt-get", ["update", "-q"], cancellationToken) != 0
                || await ExitCodeAsync("apt-get", ["install", "-y", "-q", "wrk"], cancellationToken) != 0))
        {
            throw new InvalidOperationException("wrk is not installed and `apt-get install -y wrk` failed; install wrk (Debian package 'wrk') and run again.");
        }
    }

    /// <summary>Runs wrk with a Lua <paramref name="script"/> (written to a temp file) against <paramref name="url"/>.</summary>
    public static async Task<Result> RunAsync(string url, string script, int threads, int connections, TimeSpan duration, CancellationToken cancellationToken)
    {
        var scriptFile = Path.Combine(Path.GetTempPath(), $"twin-bench-{Guid.NewGuid():N}.lua");
        await File.WriteAllTextAsync(scriptFile, script, cancellationToken);
        try
        {
            var start = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { "-t", $"{threads}", "-c", $"{connections}", "-d", $"{Math.Max(1, (int)duration.TotalSeconds)}s", "--latency", "-s", scriptFile, url })
            {
                start.ArgumentList.Add(a);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start wrk.");
            var output = await process.StandardOutput.ReadToEndAsync(cancellationToken);
            var errors = await process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            if (process.ExitCode != 0 || RequestsPerSecond().Match(output) is not { Success: true } rps)
            {
                throw new InvalidOperationException($"wrk failed (exit {process.ExitCode}): {output}{errors}");
            }

            return new Result(
                double.Parse(rps.Groups[1].Value, CultureInfo.InvariantCulture),
                Latency(output, "50%"),
                Latency(output, "99%"),
                long.Parse(TotalRequests().Match(output).Groups[1].Value, CultureInfo.InvariantCulture),
                Non2xx().Match(output) is { Success: true } n ? long.Parse(n.Groups[1].Value, CultureInfo.InvariantCulture) : 0,
                SocketErrors().Match(output) is { Success: true } s
                    ? s.Groups.Values.Skip(1).Sum(g => long.Parse(g.Value, CultureInfo.InvariantCulture))
                    : 0);
        }
        finally
        {
            File.Delete(scriptFile);
        }
    }

    private static double Latency(string output, string percentile)
    {
        var match = Regex.Match(output, $@"^\s*{Regex.Escape(percentile)}\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
        if (!match.Success)
        {
            return double.NaN;
        }

        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch { "us" => value / 1000, "s" => value * 1000, _ => value };
    }

    private static async Task<int> ExitCodeAsync(string file, string[] arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        try
        {
            using var process = Process.Start(start)!;
            _ = process.StandardOutput.ReadToEndAsync(cancellationToken);
            _ = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            return process.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return -1;
        }
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex TotalRequests();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex Non2xx();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrors();
}
