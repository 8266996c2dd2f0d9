using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PlantSimulator.OpcUa;
using PlantSimulator.Simulation;
using PlantSimulator.TagMap;
using Twin.Contracts;
using Twin.OpcUa.Security;
using Twin.OpcUa.Server;
using Twin.OpcUa.Tests;

namespace Twin.Integration.Tests.Platform;

/// <summary>
/// The secured path a real plant takes, end to end: the PlantSimulator serves its plant only with SignAndEncrypt and
/// a user-name login, the silo's ingest connects to it through a loopback relay that records every byte both ways (what
/// a capture on the plant network would show), the plant's values reach the machine twins, and neither the password
/// nor a tag name is ever readable in that traffic.
/// </summary>
public sealed class SecuredPlantIngestTests : IAsyncLifetime
{
    private const string UserName = "twin-ingest";
    private const string Password = "S3cretPLCpassw0rd";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(500);
    private readonly string _folder = Directory.CreateTempSubdirectory("twin-secured-plant-").FullName;
    private readonly PlantLayout _layout = new();
    private PlantServer? _plant;
    private TcpProxy? _relay;
    private Microsoft.AspNetCore.Builder.WebApplication? _silo;

    public async Task InitializeAsync()
    {
        _plant = await PlantServer.StartAsync(Plant.Create(_layout, seed: 1), new OpcUaServerOptions
        {
            Port = 0,
            ListenAddress = "127.0.0.1",
            HostName = "127.0.0.1",
            EndpointPath = "/twin/plant",
            SecurityEndpoints = ["Basic256Sha256:SignAndEncrypt"],
            PkiFolder = Path.Combine(_folder, "simulator-pki"),
            // The simulator takes the silo's new certificate on first contact; the silo's side is strict (below).
            AutoAcceptUntrustedCertificates = true,
            AllowAnonymous = false,
            Users = new Dictionary<string, string> { [UserName] = Password },
        });
        _relay = new TcpProxy(_plant.Server.Port);

        // The silo trusts exactly the simulator's certificate, as an operator would after `twin opcua certificates trust`.
        var clientPki = Path.Combine(_folder, "silo-pki");
        var serverCertificate = _plant.Server.ApplicationCertificate ?? throw new InvalidOperationException("The secured simulator has no certificate.");
        var trusted = Directory.CreateDirectory(Path.Combine(clientPki, "trusted", "certs")).FullName;
        await File.WriteAllBytesAsync(Path.Combine(trusted, PkiStore.FileNameFor(serverCertificate)), serverCertificate.RawData);

        // The simulator's own tag map, pointed at the relay; no securityPolicy, so the silo picks the best offered.
        var tagMap = JsonNode.Parse(TagMapGenerator.ToJson(TagMapGenerator.Create(_layout, $"{_relay.EndpointUrl}/twin/plant", 50, 0, securityPolicy: null)))!;
        var connection = tagMap["connections"]![0]!;
        connection["userName"] = UserName;
        connection["password"] = Password;
        connection["pkiFolder"] = clientPki;
        var plantFile = Path.Combine(_folder, "plant.json");
        await File.WriteAllTextAsync(plantFile, tagMap.ToJsonString());

        _silo = await InProcessSilo.StartAsync(null, "secured-plant-" + Guid.NewGuid().ToString("N")[..8], new Dictionary<string, string?>
        {
            ["Ingest:PlantFiles:0"] = plantFile,
        });
    }

    public async Task DisposeAsync()
    {
        if (_silo is not null)
        {
            await InProcessSilo.StopAsync(_silo);
        }

        if (_relay is not null)
        {
            await _relay.DisposeAsync();
        }

        if (_plant is not null)
        {
            await _plant.DisposeAsync();
        }

        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Plant_values_reach_the_twins_over_SignAndEncrypt_and_the_password_never_crosses_the_wire_readable()
    {
        var grains = _silo!.Services.GetRequiredService<IGrainFactory>();
        var ingest = grains.GetGrain<IOpcUaIngestGrain>($"{_layout.PlantId}:plant-simulator");
        await Until(async () => (await ingest.GetHealth()).State == "Connected", "the ingest to connect to the secured simulator", async () => $"{await ingest.GetHealth()}");

        var press = _plant!.Plant.Machines.Single(m => m.Id == "press-3");
        var twin = grains.GetGrain<IMachineGrain>(press.Id);
        await Until(async () => GoodCount(await twin.GetSnapshot()) == press.GoodCount, "press-3's twin to hold the initial GoodCount", async () => $"{await twin.GetSnapshot()}");

        // Counted parts arrive as counted: the twin's live counter follows the machine's step by step.
        var made = 0;
        for (var step = 0; step < 2_000 && made < 5; step++)
        {
            var before = press.GoodCount;
            _plant.Step(Tick, DateTime.UtcNow);
            if (press.GoodCount != before)
            {
                made++;
                var expected = press.GoodCount;
                await Until(async () => GoodCount(await twin.GetSnapshot()) == expected, $"press-3's twin to see GoodCount {expected}", async () => $"{await twin.GetSnapshot()}");
            }
        }

        Assert.Equal(5, made);
        var snapshot = (await twin.GetSnapshot())!;
        Assert.True(snapshot.Counters.Good >= 5, $"the twin counted {snapshot.Counters.Good} good parts of the 5 made");
        var health = await ingest.GetHealth();
        Assert.Equal(_layout.MachineCount * MachineSignals.Each.Count, health.Tags);
        Assert.Empty(health.UnknownNodeIds);

        // What a capture on the plant network shows: the silo's session went through the relay, and it carries
        // neither the password (in any usual text encoding) nor the tag names the silo read and subscribed to.
        var sent = _relay!.ClientBytes();
        var received = _relay.ServerBytes();
        Assert.True(sent.Length > 1_000 && received.Length > 1_000, $"the relay carried {sent.Length:N0} bytes to and {received.Length:N0} bytes from the simulator");
        foreach (var (direction, bytes) in new[] { ("silo → simulator", sent), ("simulator → silo", received) })
        {
            foreach (var (encoding, secret) in new[] { ("UTF-8", Encoding.UTF8.GetBytes(Password)), ("UTF-16LE", Encoding.Unicode.GetBytes(Password)), ("UTF-16BE", Encoding.BigEndianUnicode.GetBytes(Password)) })
            {
                Assert.True(bytes.AsSpan().IndexOf(secret) < 0, $"the password in {encoding} is readable {direction}");
            }

            Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes("Line1.Press3.GoodCount")) < 0, $"a tag name is readable {direction}: the session is not encrypted");
        }
    }

    private static double? GoodCount(MachineSnapshot? snapshot) =>
        snapshot?.Signals.FirstOrDefault(s => s.Name == MachineSignalNames.GoodCount)?.Number;

    private static async Task Until(Func<Task<bool>> condition, string what, Func<Task<string>> state)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {Timeout.TotalSeconds} s waiting for {what}; now {await state()}");
            }

            await Task.Delay(50);
        }
    }
}
