using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Twin.Benchmarks.Harness;
using Twin.Domain.Ingest;

namespace Twin.Benchmarks.Scenarios.Ingest;

/// <summary>
/// samples/PlantSimulator as its own process (the OPC UA server of the plant) and the plant configuration the
/// silo ingests it with: the simulator's own tag map, split over several connections as a plant with several
/// PLC gateways would have (each connection is one ingest grain with its own session and subscription).
/// </summary>
public sealed class SimulatedPlant : IAsyncDisposable
{
    private readonly LoadProcess _simulator;

    private SimulatedPlant(LoadProcess simulator, string configurationFile, IReadOnlyList<string> machineIds, int tags)
    {
        _simulator = simulator;
        ConfigurationFile = configurationFile;
        MachineIds = machineIds;
        Tags = tags;
    }

    public const string PlantId = "bench-plant";

    public string ConfigurationFile { get; }

    public IReadOnlyList<string> MachineIds { get; }

    public int Tags { get; }

    public static async Task<SimulatedPlant> StartAsync(int lines, int machinesPerLine, int tickMs, int publishingMs, int connections, CancellationToken cancellationToken)
    {
        // Its own output folder: the copy beside the benchmark lacks assemblies that ASP.NET Core gives the benchmark.
        var configuration = typeof(SimulatedPlant).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var simulatorDll = Path.Combine(RepositoryPaths.Root, "samples", "PlantSimulator", "bin", configuration, "net10.0", "PlantSimulator.dll");
        if (!File.Exists(simulatorDll))
        {
            throw new InvalidOperationException($"{simulatorDll} is missing; build tests/Twin.Benchmarks -c {configuration} (it builds samples/PlantSimulator too).");
        }

        var port = FreePorts.Next();
        string[] layout = ["--lines", Text(lines), "--machines", Text(machinesPerLine), "--port", Text(port), "--host", "127.0.0.1", "--plant", PlantId];
        var tagMapFile = Path.Combine(Path.GetTempPath(), $"twin-bench-tagmap-{Guid.NewGuid():N}.json");
        await using (var tagMap = LoadProcess.Start("PlantSimulator tag-map", "dotnet",
            [simulatorDll, "tag-map", .. layout, "--publishing-interval", Text(publishingMs), "--sampling-interval", Text(publishingMs), "--output", tagMapFile]))
        {
            await tagMap.WaitForExitAsync(TimeSpan.FromSeconds(60), cancellationToken);
        }

        var generated = PlantConfigurationLoader.Load(tagMapFile);
        File.Delete(tagMapFile);
        var source = generated.Connections.Single();
        var split = source.Tags
            .Select((tag, i) => (tag, i))
            .GroupBy(x => x.i * connections / source.Tags.Count)
            .Select(g => source with { Name = $"gateway-{g.Key + 1}", Tags = g.Select(x => x.tag).ToList() })
            .ToList();
        var configurationFile = Path.Combine(Path.GetTempPath(), $"twin-bench-plant-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(configurationFile,
            JsonSerializer.Serialize(generated with { Connections = split }, new JsonSerializerOptions(JsonSerializerDefaults.Web)), cancellationToken);

        var simulator = LoadProcess.Start("PlantSimulator", "dotnet", [simulatorDll, .. layout, "--rate", Text(tickMs)]);
        await simulator.WaitReadyAsync(TimeSpan.FromSeconds(60), cancellationToken);
        var machines = source.Tags.Select(t => t.Machine).Distinct(StringComparer.Ordinal).ToList();
        return new SimulatedPlant(simulator, configurationFile, machines, source.Tags.Count);
    }

    public ValueTask DisposeAsync()
    {
        File.Delete(ConfigurationFile);
        _simulator.Kill();
        return _simulator.DisposeAsync();
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
