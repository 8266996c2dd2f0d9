using Twin.Interop.Tests.Peers;
using Twin.OpcUa.Encoding;
using Twin.OpcUa.Server;
using Twin.OpcUa.Services;

namespace Twin.Interop.Tests.ServerInterop;

/// <summary>
/// Our OPC UA server on a loopback port with a test address space (Objects/Cell1 with writable and
/// read-only tags, Objects/Types with one variable per shop-floor type), and one node-opcua client
/// connected to it — shared by the tests of a class, since the node-opcua client takes ~1.5 s to start.
/// </summary>
public sealed class OurServerFixture : IAsyncLifetime
{
    public const ushort Ns = 2;
    private OpcUaServer? _server;
    private NodeOpcUaClient? _client;

    public OpcUaServer Server => _server ?? throw new InvalidOperationException("Our server did not start.");

    internal NodeOpcUaClient NodeClient => _client ?? throw new InvalidOperationException("The node-opcua client did not connect.");

    /// <summary>Fixed values of Objects/Types, by variable name.</summary>
    public static IReadOnlyList<(string Name, Variant Value)> TypeValues { get; } =
    [
        ("Boolean", new Variant(true)), ("SByte", new Variant((sbyte)-100)), ("Byte", new Variant((byte)200)),
        ("Int16", new Variant((short)-30000)), ("UInt16", new Variant((ushort)60000)), ("Int32", new Variant(-2000000000)),
        ("UInt32", new Variant(4000000000u)), ("Int64", new Variant(-2L)), ("UInt64", new Variant(4294967296UL)),
        ("Float", new Variant(1.5f)), ("Double", new Variant(3.25)), ("String", new Variant("Grüße, Presse 3")),
        ("DateTime", new Variant(new DateTime(2026, 11, 27, 8, 30, 0, DateTimeKind.Utc))),
        ("Guid", new Variant(Guid.Parse("72962B91-FA75-4AE6-8D28-B404DC7DAF63"))),
        ("ByteString", new Variant(new byte[] { 0, 1, 2, 253, 254, 255 })),
        ("StatusCode", new Variant(new StatusCode(0x40900000))),
        ("LocalizedText", new Variant(new LocalizedText("de-DE", "Presse"))),
        ("QualifiedName", new Variant(new QualifiedName(2, "Press3"))),
        ("NodeId", new Variant(NodeId.Parse("ns=2;s=Cell1.Robot1"))),
        ("DoubleArray", Variant.FromArray(BuiltInType.Double, new[] { 1.0, 2.5, -3.75 })),
        ("StringArray", Variant.FromArray(BuiltInType.String, new[] { "a", "", "Grüße" })),
        ("Int32Array", Variant.FromArray(BuiltInType.Int32, new[] { 1, -2, 3 })),
    ];

    public static NodeId Id(string path) => new(path, Ns);

    public async Task InitializeAsync()
    {
        _server = new OpcUaServer(new OpcUaServerOptions { Port = 0, ListenAddress = "127.0.0.1", HostName = "127.0.0.1", EndpointPath = "/twin/test" });
        var space = _server.AddressSpace;
        var ns = space.RegisterNamespace("urn:twin:interop:test");
        if (ns != Ns)
        {
            throw new InvalidOperationException($"Test namespace got index {ns}, expected {Ns}.");
        }

        space.AddFolder(WellKnownNodes.ObjectsFolder, Id("Cell1"), "Cell1");
        space.AddObject(Id("Cell1"), Id("Cell1.Robot1"), "Robot1");
        space.AddVariable(Id("Cell1.Robot1"), Id("Cell1.Robot1.GoodCount"), "GoodCount", new Variant(0u));
        space.AddVariable(Id("Cell1.Robot1"), Id("Cell1.Robot1.Temperature"), "Temperature", new Variant(20.0));
        space.AddVariable(Id("Cell1.Robot1"), Id("Cell1.Robot1.WorkOrder"), "WorkOrder", new Variant("WO-0"), writable: true);
        space.AddVariable(Id("Cell1.Robot1"), Id("Cell1.Robot1.Setpoint"), "Setpoint", new Variant(1.0), writable: true);
        space.AddFolder(WellKnownNodes.ObjectsFolder, Id("Types"), "Types");
        foreach (var (name, value) in TypeValues)
        {
            space.AddVariable(Id("Types"), Id($"Types.{name}"), name, value);
        }

        await _server.StartAsync();
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
