using System.Globalization;
using System.Reflection;

namespace Twin.Benchmarks.Harness;

/// <summary>
/// A program of samples/ (a simulator) as its own process on a free loopback port, so its CPU and memory stay out of the
/// benchmark process's figures. Built by this project's references; started with <c>dotnet</c> from its bin folder.
/// </summary>
public sealed class SampleProcess : IAsyncDisposable
{
    private readonly LoadProcess _process;

    private SampleProcess(LoadProcess process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public int ProcessId => _process.ProcessId;

    /// <summary>
    /// Starts samples/<paramref name="project"/> with <c>--urls</c> on a free port and <paramref name="arguments"/>; returns once
    /// <paramref name="probePath"/> answers with any HTTP status (listening), within 30 s.
    /// </summary>
    public static async Task<SampleProcess> StartAsync(string project, IEnumerable<string> arguments, string probePath, CancellationToken cancellationToken)
    {
        var configuration = typeof(SampleProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var dll = Path.Combine(RepositoryPaths.Root, "samples", project, "bin", configuration, "net10.0", project + ".dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} is missing; build tests/Twin.Benchmarks -c {configuration} (it builds samples/{project} too).");
        }

        var url = new Uri($"http://127.0.0.1:{FreePorts.Next().ToString(CultureInfo.InvariantCulture)}");
        var process = LoadProcess.Start(project, "dotnet",
            [dll, "--urls", url.ToString().TrimEnd('/'), "--Logging:LogLevel:Default=Warning", .. arguments],
            Path.GetDirectoryName(dll));
        var sample = new SampleProcess(process, url);
        using var probe = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(5) };
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var answer = await probe.GetAsync(probePath, cancellationToken);
                return sample;
            }
            catch (HttpRequestException) when (attempt < 150)
            {
                // not listening yet
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _process.Kill();
        await _process.DisposeAsync();
    }
}
