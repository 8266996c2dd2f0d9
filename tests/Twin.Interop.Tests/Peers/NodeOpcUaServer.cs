using System.Globalization;

namespace Twin.Interop.Tests.Peers;

/// <summary>
/// tests/interop/plant-server.js: a node-opcua server with the interop plant (Line1/Press3 and
/// friends, ns=2 string node ids). Tests drive its clock with <see cref="TickAsync"/> when started
/// paused, so every value the client must see is known.
/// </summary>
internal sealed class NodeOpcUaServer : IAsyncDisposable
{
    /// <summary>node-opcua needs ~2.5 s to start; a busy 2-core machine can need several times that.</summary>
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(15);
    private readonly string _pkiFolder;
    private readonly SemaphoreSlim _commandLock = new(1, 1);
    private readonly IReadOnlyList<string> _extraArguments;
    private PeerProcess _process;

    private NodeOpcUaServer(int port, string pkiFolder, PeerProcess process, IReadOnlyList<string> extraArguments)
    {
        Port = port;
        _pkiFolder = pkiFolder;
        _process = process;
        _extraArguments = extraArguments;
    }

    public int Port { get; }

    public string EndpointUrl => $"opc.tcp://127.0.0.1:{Port}/UA/Plant";

    /// <summary>Starts a server and returns once it printed READY.</summary>
    // extraArguments: more plant-server.js options, e.g. --secure, --user name:password.
    public static async Task<NodeOpcUaServer> StartAsync(int port, bool paused = true, int rateMs = 100, uint startCount = 0, IReadOnlyList<string>? extraArguments = null)
    {
        var pki = Directory.CreateTempSubdirectory("twin-interop-pki-").FullName;
        extraArguments ??= [];
        try
        {
            var process = await LaunchAsync(port, pki, paused, rateMs, startCount, extraArguments);
            return new NodeOpcUaServer(port, pki, process, extraArguments);
        }
        catch
        {
            await TempFolder.DeleteAsync(pki);
            throw;
        }
    }

    /// <summary>Kills the server process at once (no shutdown handshake reaches the clients).</summary>
    public Task KillAsync() => _process.KillAsync();

    /// <summary>Starts a fresh server process on the same port after <see cref="KillAsync"/>: a server restart.</summary>
    public async Task RestartAsync(bool paused = true, int rateMs = 100, uint startCount = 0)
    {
        await _process.DisposeAsync();
        _process = await LaunchAsync(Port, _pkiFolder, paused, rateMs, startCount, _extraArguments);
    }

    /// <summary>Advances the simulation by <paramref name="ticks"/> steps: Line1.Press3.GoodCount rises by one per step.</summary>
    public Task TickAsync(int ticks = 1) => CommandAsync(string.Create(CultureInfo.InvariantCulture, $"tick {ticks}"));

    public Task PauseAsync() => CommandAsync("pause");

    public Task ResumeAsync() => CommandAsync("resume");

    /// <summary>Sets a variable from the server side, optionally with a status code name such as UncertainLastUsableValue.</summary>
    public Task SetAsync(string path, string value, string? statusCodeName = null) =>
        CommandAsync(statusCodeName is null ? $"set {path} {value}" : $"set {path} {value} {statusCodeName}");

    /// <summary>Reads a variable's current value inside the server, as JSON text.</summary>
    public async Task<string> ReadLocalAsync(string path)
    {
        var lines = await CommandAsync($"read {path}");
        var prefix = $"VALUE {path} ";
        var line = lines.SingleOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"plant-server gave no VALUE line for {path}: {string.Join(" | ", lines)}");
        return line[prefix.Length..];
    }

    /// <summary>Live subscriptions on the server, over all sessions (node-opcua's own count).</summary>
    public async Task<int> SubscriptionCountAsync()
    {
        var lines = await CommandAsync("subscriptions");
        const string Prefix = "VALUE subscriptions ";
        var line = lines.SingleOrDefault(l => l.StartsWith(Prefix, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"plant-server gave no subscription count: {string.Join(" | ", lines)}");
        return int.Parse(line[Prefix.Length..], CultureInfo.InvariantCulture);
    }

    /// <summary>Sends one control command and returns the lines printed before its OK.</summary>
    public async Task<IReadOnlyList<string>> CommandAsync(string command)
    {
        await _commandLock.WaitAsync();
        try
        {
            var before = new List<string>();
            await _process.SendLineAsync(command);
            await _process.WaitForLineAsync(
                line =>
                {
                    if (line.StartsWith($"ERR {command}:", StringComparison.Ordinal))
                    {
                        throw new InvalidOperationException($"plant-server refused '{command}': {line}");
                    }

                    if (line == $"OK {command}")
                    {
                        return true;
                    }

                    before.Add(line);
                    return false;
                },
                CommandTimeout,
                $"answer to '{command}'");
            return before;
        }
        finally
        {
            _commandLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _process.DisposeAsync();
        }
        finally
        {
            _commandLock.Dispose();
            await TempFolder.DeleteAsync(_pkiFolder);
        }
    }

    /// <summary>The server's PKI folder (node-opcua's layout: server/own/certs, server/trusted/certs …).</summary>
    public string PkiFolder => _pkiFolder;

    private static async Task<PeerProcess> LaunchAsync(int port, string pki, bool paused, int rateMs, uint startCount, IReadOnlyList<string> extraArguments)
    {
        var arguments = new List<string>
        {
            port.ToString(CultureInfo.InvariantCulture),
            "--rate", rateMs.ToString(CultureInfo.InvariantCulture),
            "--pki", pki,
            "--start-count", startCount.ToString(CultureInfo.InvariantCulture),
        };
        if (paused)
        {
            arguments.Add("--paused");
        }

        arguments.AddRange(extraArguments);

        var process = PeerProcess.Start($"node-opcua plant-server on port {port}", "plant-server.js", arguments);
        try
        {
            await process.WaitForLineAsync(line => line == $"READY {port}", StartTimeout, $"READY {port}");
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }

        return process;
    }
}
