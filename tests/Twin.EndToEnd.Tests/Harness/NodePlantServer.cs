using System.Globalization;
using Twin.Testing;

namespace Twin.EndToEnd.Tests.Harness;

/// <summary>
/// The node-opcua plant server (tests/interop/plant-server.js), started paused: Line1.Press3 makes exactly one
/// good part per <c>tick</c> (and one scrap every 25th tick), so a test knows precisely what the machine counted.
/// </summary>
internal sealed class NodePlantServer : IAsyncDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(10);
    private readonly LineProcess _process;

    private NodePlantServer(LineProcess process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string EndpointUrl => $"opc.tcp://127.0.0.1:{Port}/UA/Plant";

    public string Output => _process.Output;

    public static async Task<NodePlantServer> StartAsync()
    {
        var folder = Environment.GetEnvironmentVariable("TWIN_INTEROP_DIR") is { Length: > 0 } dir
            ? dir
            : Path.Combine(BuiltAssembly.RepositoryRoot(), "tests", "interop");
        var script = Path.Combine(folder, "plant-server.js");
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "node-opcua")))
        {
            throw new InvalidOperationException(
                $"node-opcua is not installed in {folder}: run tests/run-all.sh (it runs npm ci there and sets TWIN_INTEROP_DIR), or `cd tests/interop && npm ci`.");
        }

        var port = FreePorts.Next();
        var process = LineProcess.Start("node-opcua plant server", "node", [script, port.ToString(CultureInfo.InvariantCulture), "--paused"], folder);
        await process.WaitForLineAsync(l => l == $"READY {port}", TimeSpan.FromSeconds(60), $"READY {port}");
        return new NodePlantServer(process, port);
    }

    /// <summary>Advances the plant <paramref name="ticks"/> steps: Press3's good counter goes up by exactly that much.</summary>
    public Task TickAsync(int ticks) => _process.CommandAsync($"tick {ticks}", CommandTimeout);

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
