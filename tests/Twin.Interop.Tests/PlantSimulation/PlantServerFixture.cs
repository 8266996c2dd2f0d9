using PlantSimulator.OpcUa;
using PlantSimulator.Simulation;
using Twin.Interop.Tests.Peers;
using Twin.OpcUa.Server;

namespace Twin.Interop.Tests.PlantSimulation;

/// <summary>
/// The PlantSimulator's server in-process on a loopback port (default plant, seed 1) with a node-opcua
/// client connected. Its clock does not run: tests call <see cref="PlantServer.Step"/>, so they know
/// every value the clients must see.
/// </summary>
public sealed class PlantServerFixture : IAsyncLifetime
{
    private PlantServer? _server;
    private NodeOpcUaClient? _client;

    public PlantServer Server => _server ?? throw new InvalidOperationException("The plant server did not start.");

    internal NodeOpcUaClient NodeClient => _client ?? throw new InvalidOperationException("The node-opcua client did not connect.");

    public SimulatedMachine Press3 => Server.Plant.Machines.Single(m => m.Id == "press-3");

    public async Task InitializeAsync()
    {
        _server = await PlantServer.StartAsync(
            Plant.Create(new PlantLayout(), seed: 1),
            new OpcUaServerOptions { Port = 0, ListenAddress = "127.0.0.1", HostName = "127.0.0.1", EndpointPath = "/twin/plant" });
        _client = await NodeOpcUaClient.ConnectAsync(_server.EndpointUrl);
    }

    public async Task DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
