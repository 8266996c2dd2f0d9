using Twin.OpcUa.Encoding;
using Twin.OpcUa.Server;

namespace Twin.Benchmarks.Scenarios.OpcUaClient;

/// <summary>
/// Our OPC UA server with <c>count</c> Double variables (ns=1;s=Load.i) that all change every interval, so each
/// subscribed client receives count / interval notifications per second. node-opcua's own server tops out near
/// 80,000 notifications/s on this machine (single-threaded), too few to load two clients side by side.
/// </summary>
public sealed class LoadServer : IAsyncDisposable
{
    public const string Prefix = "Load.";

    /// <summary>The policy of the secured figure (the one most plant servers offer).</summary>
    public const string SecuredPolicy = "Basic256Sha256";

    private readonly OpcUaServer _server;
    private readonly VariableNode[] _variables;
    private readonly CancellationTokenSource _stop = new();
    private Task _driver = Task.CompletedTask;

    private readonly string _pki = Directory.CreateTempSubdirectory("twin-bench-server-pki-").FullName;

    public LoadServer(int count)
    {
        _server = new OpcUaServer(new OpcUaServerOptions
        {
            // Also secured, for the side-by-side figure under SignAndEncrypt; clients are trusted on first contact
            // (a throw-away PKI folder for one run).
            SecurityEndpoints = ["None", $"{SecuredPolicy}:SignAndEncrypt"],
            PkiFolder = _pki,
            AutoAcceptUntrustedCertificates = true,
            Port = 0,
            ListenAddress = "127.0.0.1",
            HostName = "127.0.0.1",
            MaxPublishRequestsPerSession = 10,
            // One message per publishing interval carries every item, so both clients receive exactly the same
            // messages and neither figure depends on how fast Publish requests follow up on MoreNotifications
            // (when this scenario was written the server sent one 1000-notification message per interval).
            MaxNotificationsPerPublish = count,
        });
        var space = _server.AddressSpace;
        var ns = space.ApplicationNamespaceIndex;
        var folder = space.AddFolder(new NodeId(85), new NodeId("Load", ns), "Load");
        _variables = new VariableNode[count];
        for (var i = 0; i < count; i++)
        {
            _variables[i] = space.AddVariable(folder.NodeId, new NodeId(Prefix + i, ns), $"Value{i}", new Variant(0.0));
        }
    }

    public string EndpointUrl => _server.EndpointUrl;

    public ushort NamespaceIndex => _server.AddressSpace.ApplicationNamespaceIndex;

    public long Changes { get; private set; }

    public async Task StartAsync(TimeSpan interval)
    {
        await _server.StartAsync();
        _driver = Task.Run(() => DriveAsync(interval));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _driver;
        await _server.DisposeAsync();
        _stop.Dispose();
        Directory.Delete(_pki, recursive: true);
    }

    private async Task DriveAsync(TimeSpan interval)
    {
        using var timer = new PeriodicTimer(interval);
        var tick = 0L;
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                tick++;
                var now = DateTime.UtcNow;
                for (var i = 0; i < _variables.Length; i++)
                {
                    // A different value every tick: the server reports changes, not time stamps alone.
                    _variables[i].SetValue(new Variant(tick + i * 0.001), StatusCode.Good, now);
                }

                Changes += _variables.Length;
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }
}
