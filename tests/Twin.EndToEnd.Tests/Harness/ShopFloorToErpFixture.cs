using System.Globalization;
using Twin.Api.Security;
using Twin.Testing;

namespace Twin.EndToEnd.Tests.Harness;

/// <summary>
/// The whole flow as real processes, shared by the end-to-end tests (starting it is the slow part):
/// node-opcua plant server → built Twin.Silo on a fresh PostgreSQL database (migrated with `db migrate`) → ERP simulator.
/// Each test works on its own work order, so tests do not disturb each other's figures.
/// </summary>
public class ShopFloorToErpFixture : IAsyncLifetime
{
    public const string Plant = "plant-e2e";
    public const string Machine = "press-3";
    public const string Item = "FG-100";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly string _apiKey = ApiKeyHash.NewKey();
    private readonly string _folder = Directory.CreateTempSubdirectory("twin-e2e-").FullName;
    private string? _adminConnectionString;
    private readonly string _databaseName = $"twin_e2e_{Guid.NewGuid():N}";
    private string _connectionString = "";
    private string _plantFile = "";
    private readonly int _siloPort = FreePorts.Next();
    private readonly int _gatewayPort = FreePorts.Next();
    private readonly Uri _httpBase = new($"http://127.0.0.1:{FreePorts.Next()}");

    internal NodePlantServer PlantServer { get; private set; } = null!;

    internal ErpSimulatorProcess Erp { get; private set; } = null!;

    internal SiloProcess Silo { get; private set; } = null!;

    internal TwinRest Rest { get; private set; } = null!;

    /// <summary>Ticks the plant server made so far: Press3's good counter stands at exactly this.</summary>
    internal int Ticks { get; private set; }

    internal async Task TickAsync(int ticks)
    {
        await PlantServer.TickAsync(ticks);
        Ticks += ticks;
    }

    public async Task InitializeAsync()
    {
        _adminConnectionString = PostgresDatabaseFixture.AdminConnectionString();
        var creating = PostgresDatabaseFixture.CreateDatabaseAsync(_adminConnectionString, _databaseName);
        var plant = NodePlantServer.StartAsync();
        var erp = ErpSimulatorProcess.StartAsync([Item]);
        _connectionString = await creating;
        await MigrateAsync();
        PlantServer = await plant;
        Erp = await erp;
        _plantFile = PlantFile.Write(_folder, Plant, PlantServer.EndpointUrl);
        await StartSiloAsync();
    }

    /// <summary>kill -9 the silo (no shutdown at all) and start a new one on the same database.</summary>
    internal async Task KillAndRestartSiloAsync()
    {
        Silo.KillHard();
        await Silo.WaitForExitAsync(TimeSpan.FromSeconds(20));
        await Silo.DisposeAsync();
        Rest.Dispose();
        await StartSiloAsync();
    }

    /// <summary>What the silo, the ERP and the plant printed, for failure messages.</summary>
    internal string Diagnostics() =>
        $"--- silo ---\n{Tail(Silo.Output)}\n--- ERP simulator ---\n{Tail(Erp.Output)}\n--- plant server ---\n{Tail(PlantServer.Output)}";

    private async Task StartSiloAsync()
    {
        // Always the same ports, as a service manager restarting the silo would use: after a kill -9, Orleans then
        // sees a newer generation of the same silo and declares the killed one dead at once, instead of the
        // newcomer waiting for it to answer pings.
        string[] arguments =
        [
            "--silo-port", _siloPort.ToString(CultureInfo.InvariantCulture),
            "--gateway-port", _gatewayPort.ToString(CultureInfo.InvariantCulture),
            "--urls", _httpBase.ToString().TrimEnd('/'),
        ];
        Silo = SiloProcess.Start(new Dictionary<string, string>
        {
            ["ConnectionStrings__Twin"] = _connectionString,
            ["Ingest__PlantFiles__0"] = _plantFile,
            ["Erp__Connector__BaseUrl"] = Erp.BaseAddress.ToString(),
            // Quick pacing so outages and retries play out in seconds, not minutes.
            ["Erp__Connector__RetryBaseDelay"] = "00:00:00.100",
            ["Erp__Connector__MaxRetryAttempts"] = "1",
            ["Erp__Connector__AttemptTimeout"] = "00:00:03",
            ["Erp__Connector__TotalTimeout"] = "00:00:08",
            ["Erp__Connector__CircuitBreakerBreakDuration"] = "00:00:01",
            ["Erp__Outbox__MaxBatchAge"] = "00:00:00.200",
            ["Erp__Outbox__InitialRetryDelay"] = "00:00:00.250",
            ["Erp__Outbox__MaxRetryDelay"] = "00:00:02",
            // A short posting window: counter steps of a second accumulate into one confirmation, and the tests
            // still see their bookings in seconds (booked sums are compared with the machine's counts either way).
            ["Erp__Posting__Window"] = "00:00:01",
            ["Twin__Api__Keys__0__Name"] = "end-to-end",
            ["Twin__Api__Keys__0__Hash"] = ApiKeyHash.Of(_apiKey),
            ["Twin__Api__Keys__0__Role"] = TwinRoles.Admin,
            ["Logging__LogLevel__Twin.Grains"] = "Information",
        }, arguments);
        using (var probe = new HttpClient { BaseAddress = _httpBase, Timeout = TimeSpan.FromSeconds(2) })
        {
            await Eventually.Until(async () => Silo.HasExited ? throw new InvalidOperationException($"Silo exited while starting:\n{Silo.Output}") : (await probe.GetAsync("/health/ready")).IsSuccessStatusCode,
                ok => ok, StartTimeout, $"the silo to be ready on {_httpBase}", _ => Tail(Silo.Output));
        }

        Rest = new TwinRest(_httpBase, _apiKey, Plant);
        // Ready for a test once the connection is up and the machine twin has its first counter values.
        await Eventually.Until(Rest.ConnectionsAsync, c => c.Count == 1 && c[0].State == "Connected" && c[0].Notifications > 0, StartTimeout,
            $"OPC UA connection of {Plant} to be Connected with data ({Diagnostics()})", c => string.Join("; ", c));
        await Eventually.Until(() => Rest.MachineAsync(Machine), m => m is not null, StartTimeout, $"machine twin {Machine} to exist");
    }

    private async Task MigrateAsync()
    {
        await using var migrate = SiloProcess.StartRaw(null, ["db", "migrate", "--connection-string", _connectionString]);
        var code = await migrate.WaitForExitAsync(TimeSpan.FromSeconds(60));
        if (code != 0)
        {
            throw new InvalidOperationException($"`Twin.Silo db migrate` exited with {code}:\n{migrate.Output}");
        }
    }

    public async Task DisposeAsync()
    {
        Rest?.Dispose();
        if (Silo is not null)
        {
            await Silo.DisposeAsync();
        }

        if (Erp is not null)
        {
            await Erp.DisposeAsync();
        }

        if (PlantServer is not null)
        {
            await PlantServer.DisposeAsync();
        }

        if (_adminConnectionString is not null)
        {
            await PostgresDatabaseFixture.DropDatabaseAsync(_adminConnectionString, _databaseName);
        }

        Directory.Delete(_folder, recursive: true);
    }

    private static string Tail(string text) => text.Length <= 6000 ? text : "…" + text[^6000..];
}

[CollectionDefinition(Name)]
public sealed class ShopFloorToErpCollection : ICollectionFixture<ShopFloorToErpFixture>
{
    public const string Name = "shop floor to ERP";
}

/// <summary>A second, separate set of processes for the test that kills the silo.</summary>
public sealed class SiloCrashFixture : ShopFloorToErpFixture;

[CollectionDefinition(Name)]
public sealed class SiloCrashCollection : ICollectionFixture<SiloCrashFixture>
{
    public const string Name = "silo crash";
}
