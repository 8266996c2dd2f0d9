namespace Twin.Interop.Tests.Peers;

/// <summary>
/// One node-opcua plant server shared by the tests of a collection: it takes ~2.5 s to start, so
/// tests that only browse, read, write or subscribe share it. It starts paused; tests advance it
/// with ticks and compare against values they read first, never against absolute counts.
/// </summary>
public sealed class NodeOpcUaServerFixture : IAsyncLifetime
{
    private NodeOpcUaServer? _server;

    internal NodeOpcUaServer Server => _server ?? throw new InvalidOperationException("The node-opcua server fixture did not start.");

    public async Task InitializeAsync() => _server = await NodeOpcUaServer.StartAsync(FreeTcpPort.Next(), paused: true);

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

/// <summary>Tests that share one node-opcua plant server (they run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class NodeOpcUaServerCollection : ICollectionFixture<NodeOpcUaServerFixture>
{
    public const string Name = "node-opcua plant server";
}
