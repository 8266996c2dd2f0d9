using System.Diagnostics;

namespace Twin.Demo;

/// <summary>samples/PlantSimulator as a child process: an OPC UA server with simulated machines, and the tag map that matches it.</summary>
internal sealed class PlantSimulatorProcess : IAsyncDisposable
{
    private readonly Process _process;

    private PlantSimulatorProcess(Process process, string endpointUrl)
    {
        _process = process;
        EndpointUrl = endpointUrl;
    }

    public string EndpointUrl { get; }

    public static async Task<PlantSimulatorProcess> StartAsync(DemoLayout layout, CancellationToken cancellationToken)
    {
        var process = Start(layout.PlantSimulatorArguments());
        var ready = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line && line.StartsWith("READY ", StringComparison.Ordinal))
            {
                ready.TrySetResult(line["READY ".Length..]);
            }
        };
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException(
            $"The plant simulator stopped before it was ready (exit code {process.ExitCode}); is port {layout.OpcUaPort} free?"));
        process.BeginOutputReadLine();
        process.BeginErrorReadLine(); // Its rate report goes to stderr; the demo prints its own lines instead.
        var endpoint = await ready.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
        return new PlantSimulatorProcess(process, endpoint);
    }

    /// <summary>Runs the simulator's <c>tag-map</c> command for the same layout and returns the file it wrote.</summary>
    public static async Task<string> WriteTagMapAsync(DemoLayout layout, string folder, CancellationToken cancellationToken)
    {
        var file = Path.Combine(folder, $"{layout.Plant}.tagmap.json");
        using var process = Start([.. layout.TagMapArguments(), "--output", file]);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await process.WaitForExitAsync(cancellationToken);
        return process.ExitCode == 0 && File.Exists(file)
            ? file
            : throw new InvalidOperationException($"The plant simulator could not write its tag map (exit code {process.ExitCode}).");
    }

    private static Process Start(IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(AssemblyPath());
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.Start();
        return process;
    }

    // The demo is built with the plant simulator beside it: samples/<Project>/bin/<Configuration>/<tfm>/.
    private static string AssemblyPath()
    {
        var bin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var samples = bin.Parent!.Parent!.Parent!.Parent!.FullName;
        var path = Path.Combine(samples, "PlantSimulator", "bin", bin.Parent.Name, bin.Name, "PlantSimulator.dll");
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"PlantSimulator.dll not found at {path}; build samples/PlantSimulator with the same configuration.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
