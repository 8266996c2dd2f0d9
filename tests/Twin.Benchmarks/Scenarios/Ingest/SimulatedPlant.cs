using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Text.Json;
using Twin.Benchmarks.Harness;
using Twin.Domain.Ingest;

namespace Twin.Benchmarks.Scenarios.Ingest;

/// <summary>
/// samples/PlantSimulator as its own process (the OPC UA server of the plant) and the plant configuration the
/// silo ingests it with: the simulator's own tag map, split over several connections as a plant with several
/// PLC gateways would have (each connection is one ingest grain with its own session and subscription).
/// </summary>
public sealed partial class SimulatedPlant : IAsyncDisposable
{
    private readonly string _simulatorDll;
    private readonly string[] _layout;
    private readonly int _tickMs;
    private readonly List<(double Seconds, long Changes)> _reports = [];
    private LoadProcess? _simulator;

    private SimulatedPlant(string simulatorDll, string[] layout, int tickMs, string configurationFile, IReadOnlyList<string> machineIds, int tags)
    {
        _simulatorDll = simulatorDll;
        _layout = layout;
        _tickMs = tickMs;
        ConfigurationFile = configurationFile;
        MachineIds = machineIds;
        Tags = tags;
    }

    public const string PlantId = "bench-plant";

    public string ConfigurationFile { get; }

    public IReadOnlyList<string> MachineIds { get; }

    public int Tags { get; }

    /// <summary>Writes the tag map and the plant file and starts the simulator.</summary>
    public static async Task<SimulatedPlant> StartAsync(int lines, int machinesPerLine, int tickMs, int publishingMs, int connections, CancellationToken cancellationToken)
    {
        var plant = await PrepareAsync(lines, machinesPerLine, tickMs, publishingMs, connections, cancellationToken);
        await plant.StartSimulatorAsync(cancellationToken);
        return plant;
    }

    /// <summary>
    /// Writes the tag map and the plant file (the endpoint's port is chosen now) without starting the simulator:
    /// a silo can then be started and twins set up before the first value arrives.
    /// </summary>
    public static async Task<SimulatedPlant> PrepareAsync(int lines, int machinesPerLine, int tickMs, int publishingMs, int connections, CancellationToken cancellationToken)
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

        var machines = source.Tags.Select(t => t.Machine).Distinct(StringComparer.Ordinal).ToList();
        return new SimulatedPlant(simulatorDll, layout, tickMs, configurationFile, machines, source.Tags.Count);
    }

    public async Task StartSimulatorAsync(CancellationToken cancellationToken)
    {
        _simulator = LoadProcess.Start("PlantSimulator", "dotnet", [_simulatorDll, .. _layout, "--rate", Text(_tickMs)], onErrorLine: OnSimulatorLine);
        await _simulator.WaitReadyAsync(TimeSpan.FromSeconds(60), cancellationToken);
    }

    /// <summary>Stops the simulator (kill, by its id): counters stop where they are.</summary>
    public async Task StopSimulatorAsync()
    {
        if (_simulator is { } simulator)
        {
            _simulator = null;
            simulator.Kill();
            await simulator.DisposeAsync();
        }
    }

    /// <summary>The simulator's own process (CPU, RSS).</summary>
    public int? SimulatorProcessId => _simulator?.ProcessId;

    /// <summary>
    /// Value changes per second the simulated plant made (offered to its OPC UA subscribers) between the first and
    /// the last of its reports (every 10 s) inside [<paramref name="from"/>, <paramref name="to"/>] seconds since it
    /// started; null when fewer than two reports fall in the window (e.g. in the smoke).
    /// </summary>
    public double? OfferedPerSecond(double from, double to)
    {
        lock (_reports)
        {
            var inside = _reports.Where(r => r.Seconds >= from - 1 && r.Seconds <= to + 1).ToList();
            if (inside.Count < 2)
            {
                // Widen to the last two reports at all: the rate of a steady plant.
                inside = _reports.TakeLast(2).ToList();
            }

            return inside.Count < 2 ? null : (inside[^1].Changes - inside[0].Changes) / (inside[^1].Seconds - inside[0].Seconds);
        }
    }

    /// <summary>
    /// Value changes per second over the shortest span of simulator reports that covers [<paramref name="from"/>,
    /// <paramref name="to"/>]: the last report at or before the window's start (else the first report) to the first
    /// report at or after its end, waiting for that report (it comes within 10 s) when the window was shorter than
    /// the report interval. Null only when the simulator made fewer than two reports in 25 s.
    /// </summary>
    public async Task<double?> OfferedPerSecondAsync(double from, double to, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(25);
        while (true)
        {
            lock (_reports)
            {
                var end = _reports.FindIndex(r => r.Seconds >= to - 1);
                var start = _reports.FindLastIndex(r => r.Seconds <= from + 1);
                start = start < 0 ? 0 : start;
                if (end > start)
                {
                    return (_reports[end].Changes - _reports[start].Changes) / (_reports[end].Seconds - _reports[start].Seconds);
                }
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                return OfferedPerSecond(from, to);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        }
    }

    /// <summary>Seconds since the simulator printed READY (the clock of its reports).</summary>
    public double SimulatorSeconds => _started is { } s ? (DateTimeOffset.UtcNow - s).TotalSeconds : 0;

    private DateTimeOffset? _started;

    private void OnSimulatorLine(string line)
    {
        _started ??= DateTimeOffset.UtcNow;
        // "00:00:10 ticks 200, value changes 1534212 (153421/s), sessions 8, subscriptions 8"
        if (ReportLine().Match(line) is { Success: true } m)
        {
            var seconds = TimeSpan.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture).TotalSeconds;
            lock (_reports)
            {
                _reports.Add((seconds, long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)));
            }
        }
    }

    [GeneratedRegex(@"^(\d\d:\d\d:\d\d) ticks \d+, value changes (\d+)")]
    private static partial Regex ReportLine();

    public async ValueTask DisposeAsync()
    {
        File.Delete(ConfigurationFile);
        await StopSimulatorAsync();
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
