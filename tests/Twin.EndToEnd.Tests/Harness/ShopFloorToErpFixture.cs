using System.Globalization;
using Twin.Api.Security;
using Twin.Testing;

namespace Twin.EndToEnd.Tests.Harness;

/// <summary>
/// The whole flow as real processes, shared by the end-to-end tests (starting it is the slow part):
/// node-opcua plant server → built Twin.Silo on a fresh PostgreSQL database (migrated with `db migrate`) → ERP simulator.
/// Each test works on its own work order, so tests do not disturb each other's figures. Subclasses choose the
/// profile (embedded: no database), the number of silos in the cluster and extra silo settings.
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
    private readonly List<SiloSlot> _slots = [];
    private int _current;

    internal NodePlantServer PlantServer { get; private set; } = null!;

    internal ErpSimulatorProcess Erp { get; private set; } = null!;

    /// <summary>The silo the tests talk to through <see cref="Rest"/>.</summary>
    internal SiloProcess Silo => _slots[_current].Process!;

    /// <summary>Every silo of the cluster, alive or killed, in start order.</summary>
    internal IReadOnlyList<SiloProcess> Silos => [.. _slots.Select(s => s.Process!)];

    internal TwinRest Rest { get; private set; } = null!;

    /// <summary>False: the embedded default (everything in the silo's memory, no database).</summary>
    protected virtual bool OnPostgres => true;

    /// <summary>Silos in the cluster (on PostgreSQL membership; the embedded profile is one silo).</summary>
    protected virtual int SiloCount => 1;

    /// <summary>Settings a fixture adds to (or overrides in) every silo's environment.</summary>
    protected virtual IReadOnlyDictionary<string, string> ExtraSettings { get; } = new Dictionary<string, string>();

    /// <summary>Ticks the plant server made so far: Press3's good counter stands at exactly this.</summary>
    internal int Ticks { get; private set; }

    internal async Task TickAsync(int ticks)
    {
        await PlantServer.TickAsync(ticks);
        Ticks += ticks;
    }

    public async Task InitializeAsync()
    {
        var plant = NodePlantServer.StartAsync();
        var erp = ErpSimulatorProcess.StartAsync([Item]);
        if (OnPostgres)
        {
            _adminConnectionString = PostgresDatabaseFixture.AdminConnectionString();
            _connectionString = await PostgresDatabaseFixture.CreateDatabaseAsync(_adminConnectionString, _databaseName);
            await MigrateAsync();
        }

        PlantServer = await plant;
        Erp = await erp;
        _plantFile = PlantFile.Write(_folder, Plant, PlantServer.EndpointUrl);
        for (var i = 0; i < SiloCount; i++)
        {
            _slots.Add(new SiloSlot(FreePorts.Next(), FreePorts.Next(), new Uri($"http://127.0.0.1:{FreePorts.Next()}")));
        }

        // One after another: the first creates the cluster, the others join it.
        foreach (var slot in _slots)
        {
            await StartSiloAsync(slot);
        }

        await ConnectRestAsync(0);
    }

    /// <summary>kill -9 the silo (no shutdown at all) and start a new one on the same database.</summary>
    internal async Task KillAndRestartSiloAsync()
    {
        var slot = _slots[_current];
        await KillAsync(slot);
        Rest.Dispose();
        await slot.Process!.DisposeAsync();
        await StartSiloAsync(slot);
        await ConnectRestAsync(_current);
    }

    /// <summary>kill -9 one silo of the cluster and talk to another one from now on; returns when the process is gone.</summary>
    internal async Task KillSiloAsync(SiloProcess victim)
    {
        var index = _slots.FindIndex(s => s.Process == victim);
        await KillAsync(_slots[index]);
        if (index == _current)
        {
            Rest.Dispose();
            // No waiting for the plant here: the test measures how the survivor takes over.
            _current = _slots.FindIndex(s => !s.Process!.HasExited);
            Rest = new TwinRest(_slots[_current].HttpBase, _apiKey, Plant);
        }
    }

    private async Task KillAsync(SiloSlot slot)
    {
        slot.Process!.KillHard();
        await slot.Process.WaitForExitAsync(TimeSpan.FromSeconds(20));
    }

    /// <summary>
    /// The live silo whose ERP sync of the plant has booked: the one that says "ERP booked" in its log (the grain logs
    /// each booked batch at Information). Null while none has booked yet.
    /// </summary>
    internal SiloProcess? ErpSyncHost()
    {
        var hosts = _slots.Select(s => s.Process!).Where(p => !p.HasExited && p.Output.Contains($"Plant {Plant}: ERP booked", StringComparison.Ordinal)).ToList();
        return hosts.Count == 1 ? hosts[0] : null;
    }

    /// <summary>What the silo, the ERP and the plant printed, for failure messages.</summary>
    internal string Diagnostics() =>
        string.Concat(_slots.Select((s, i) => $"--- silo {i + 1}{(s.Process?.HasExited == true ? " (exited)" : "")} ---\n{Tail(s.Process?.Output ?? "")}\n"))
        + $"--- ERP simulator ---\n{Tail(Erp.Output)}\n--- plant server ---\n{Tail(PlantServer.Output)}";

    private async Task StartSiloAsync(SiloSlot slot)
    {
        // Always the same ports, as a service manager restarting the silo would use: after a kill -9, Orleans then
        // sees a newer generation of the same silo and declares the killed one dead at once, instead of the
        // newcomer waiting for it to answer pings.
        string[] arguments =
        [
            "--silo-port", slot.SiloPort.ToString(CultureInfo.InvariantCulture),
            "--gateway-port", slot.GatewayPort.ToString(CultureInfo.InvariantCulture),
            "--urls", slot.HttpBase.ToString().TrimEnd('/'),
        ];
        var environment = new Dictionary<string, string>
        {
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
        };
        if (OnPostgres)
        {
            environment["ConnectionStrings__Twin"] = _connectionString;
        }
        else
        {
            environment["Twin__Profile"] = "Embedded";
        }

        foreach (var (key, value) in ExtraSettings)
        {
            environment[key] = value;
        }

        var silo = slot.Process = SiloProcess.Start(environment, arguments);
        using var probe = new HttpClient { BaseAddress = slot.HttpBase, Timeout = TimeSpan.FromSeconds(2) };
        await Eventually.Until(async () => silo.HasExited ? throw new InvalidOperationException($"Silo exited while starting:\n{silo.Output}") : (await probe.GetAsync("/health/ready")).IsSuccessStatusCode,
            ok => ok, StartTimeout, $"the silo to be ready on {slot.HttpBase}", _ => Tail(silo.Output));
    }

    private async Task ConnectRestAsync(int index)
    {
        _current = index;
        Rest = new TwinRest(_slots[index].HttpBase, _apiKey, Plant);
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
        foreach (var slot in _slots.Where(s => s.Process is not null))
        {
            await slot.Process!.DisposeAsync();
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

    /// <summary>
    /// One silo's place in the cluster. Its ports stay the same across restarts, as a service manager restarting the
    /// silo would use.
    /// </summary>
    private sealed class SiloSlot(int siloPort, int gatewayPort, Uri httpBase)
    {
        public int SiloPort { get; } = siloPort;

        public int GatewayPort { get; } = gatewayPort;

        public Uri HttpBase { get; } = httpBase;

        public SiloProcess? Process { get; set; }
    }
}

[CollectionDefinition(Name)]
public sealed class ShopFloorToErpCollection : ICollectionFixture<ShopFloorToErpFixture>
{
    public const string Name = "shop floor to ERP";
}

/// <summary>Two silos clustered on one PostgreSQL database, for the tests that kill one of them.</summary>
public sealed class TwoSiloFixture : ShopFloorToErpFixture
{
    protected override int SiloCount => 2;

    /// <summary>Timestamps in the silos' logs: a failover test that fails shows where the seconds went.</summary>
    protected override IReadOnlyDictionary<string, string> ExtraSettings { get; } = new Dictionary<string, string>
    {
        ["Logging__Console__TimestampFormat"] = "HH:mm:ss.fff ",
        ["Logging__LogLevel__Orleans.Runtime.MembershipService"] = "Information",
    };
}

[CollectionDefinition(Name)]
public sealed class TwoSiloCollection : ICollectionFixture<TwoSiloFixture>
{
    public const string Name = "two silos";
}

/// <summary>
/// A second, separate set of processes for the test that kills the silo; 3 s posting windows, so the kill finds
/// sources staged in open windows and documents carrying several of them.
/// </summary>
public sealed class SiloCrashFixture : ShopFloorToErpFixture
{
    protected override IReadOnlyDictionary<string, string> ExtraSettings { get; } = new Dictionary<string, string>
    {
        ["Erp__Posting__Window"] = "00:00:03",
    };
}

[CollectionDefinition(Name)]
public sealed class SiloCrashCollection : ICollectionFixture<SiloCrashFixture>
{
    public const string Name = "silo crash";
}
