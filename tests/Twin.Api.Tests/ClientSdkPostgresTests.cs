using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Twin.Client;
using Twin.Contracts;
using Twin.Testing;

namespace Twin.Api.Tests;

/// <summary>
/// The SDK against a PostgreSQL-clustered deployment: a real Twin.Silo process on a fresh migrated
/// database, and a client that finds it through the membership table (AddTwinClient with a connection
/// string), commands twins and observes their changes over the ADO.NET stream provider.
/// Needs TWIN_TEST_POSTGRES (tests/run-all.sh sets it); fails, never skips, without it.
/// </summary>
public sealed class ClientSdkPostgresTests : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly PostgresDatabaseFixture _database;
    private SiloProcess? _silo;
    private IHost? _client;

    public ClientSdkPostgresTests(PostgresDatabaseFixture database) => _database = database;

    public async Task InitializeAsync()
    {
        _silo = SiloProcess.Start(new Dictionary<string, string> { ["ConnectionStrings__Twin"] = _database.ConnectionString });
        await _silo.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.AddTwinClient(o => o.ConnectionString = _database.ConnectionString);
        _client = builder.Build();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _client.StartAsync(timeout.Token);
    }

    public async Task DisposeAsync()
    {
        if (_client is not null)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await _client.StopAsync(timeout.Token);
            _client.Dispose();
        }

        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }
    }

    [Fact]
    public async Task Sdk_finds_the_cluster_through_postgresql_commands_twins_and_sees_changes()
    {
        var twins = _client!.Services.GetRequiredService<ITwinClient>();
        var plant = "pg-plant";
        await twins.Locations.CreateAsync(plant, "RACK-1", "Rack 1").EnsureSucceeded();
        await using var feed = await twins.SubscribeToChangesAsync(plant, twinId: "RACK-1");

        await twins.Locations.ReceiveAsync("RACK-1", "STEEL", "L-1", 12m, "kg", new TwinCommandOptions { CorrelationId = "pg-watch-1" }).EnsureSucceeded();

        Assert.Equal(12m, (await twins.Locations.GetAsync("RACK-1"))!.Balances.Single().Quantity);
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            // Changes queued before the subscription (the location's creation) may arrive first: persistent
            // streams hand a new subscriber what is still in the queue. Wait for the receipt's change.
            var change = await feed.ReadAsync(timeout.Token);
            while (change.CorrelationId != "pg-watch-1")
            {
                change = await feed.ReadAsync(timeout.Token);
            }

            Assert.Equal(plant, change.Plant);
            Assert.True(TwinChangeFilter.Concerns(change, "RACK-1"));
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No change of RACK-1 arrived over the ADO.NET twin-changes stream within {Patience.TotalSeconds} s. Silo output:\n{_silo!.Output}");
        }
    }
}
