using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Twin.Api.Tests.Infrastructure;
using Twin.Client;
using Twin.Contracts;

namespace Twin.Api.Tests;

/// <summary>
/// The client SDK as another .NET app uses it: a separate host with AddTwinClient connecting to the
/// running silo's gateway, typed reads and commands, and live change observation.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ClientSdkTests(ApiSiloFixture silo) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private IHost _host = null!;
    private ITwinClient _twins = null!;

    public async Task InitializeAsync() => (_host, _twins) = await SdkClientHost.StartAsync(silo, "sdk-test");

    public Task DisposeAsync() => SdkClientHost.StopAsync(_host);

    [Fact]
    public async Task Sdk_reads_and_commands_every_kind_of_twin()
    {
        var plant = PlantApp.NewId("sdk-plant");
        var stores = PlantApp.NewId("loc");
        var finished = PlantApp.NewId("loc");
        var component = PlantApp.NewId("lot");
        var order = PlantApp.NewId("wo");
        var machine = PlantApp.NewId("press");
        var output = PlantApp.NewId("fg");

        await _twins.Locations.CreateAsync(plant, stores, "Stores").EnsureSucceeded();
        await _twins.Locations.CreateAsync(plant, finished, "Finished goods").EnsureSucceeded();
        await _twins.Locations.ReceiveAsync(stores, "steel-sheet", component, 120m, "kg").EnsureSucceeded();
        await _twins.Machines.RegisterAsync(plant, machine, "Press 3", "press", TimeSpan.FromSeconds(30)).EnsureSucceeded();
        await _twins.Machines.ChangeStatusAsync(machine, MachineStatus.Running, "shift start").EnsureSucceeded();
        await _twins.WorkOrders.CreateAsync(plant, order, "bracket", 10m, "pcs",
            [new RoutingOperation(10, "press", machine, TimeSpan.FromSeconds(30))]).EnsureSucceeded();
        await _twins.WorkOrders.ReleaseAsync(order).EnsureSucceeded();
        await _twins.Machines.AssignOperationAsync(machine, order, 10).EnsureSucceeded();
        await _twins.WorkOrders.ReportProductionAsync(order, 10, good: 10m, scrap: 1m, machineId: machine).EnsureSucceeded();
        await _twins.WorkOrders.ConsumeMaterialAsync(order, "steel-sheet", component, 20m, stores).EnsureSucceeded();
        await _twins.WorkOrders.ReceiveOutputAsync(order, output, 10m, finished).EnsureSucceeded();
        await _twins.Lots.HoldAsync(output, "first article inspection", options: new TwinCommandOptions { User = "q.lead" }).EnsureSucceeded();

        Assert.Equal(MachineStatus.Running, (await _twins.Machines.GetAsync(machine))!.Status);
        Assert.Single(await _twins.Machines.ListAsync(plant));
        Assert.Equal(WorkOrderStatus.InProgress, (await _twins.WorkOrders.GetAsync(order))!.Status);
        Assert.Contains(await _twins.WorkOrders.ListOpenAsync(plant), o => o.WorkOrderId == order);
        Assert.Equal(100m, (await _twins.Locations.GetAsync(stores))!.Balances.Single().Quantity);
        Assert.Equal(2, (await _twins.Locations.ListAsync(plant)).Count);
        var held = await _twins.Lots.GetAsync(output);
        Assert.Equal(StockStatus.QualityHold, held!.Status);
        Assert.Equal("q.lead", held.Hold!.User);
        Assert.Contains(await _twins.Lots.ListOnHoldAsync(plant), l => l.LotId == output);
        var trace = await _twins.Lots.TraceAsync(output, TraceDirection.Backward, maxDepth: 3);
        Assert.Contains(trace!.Lots, l => l.LotId == component);
        Assert.NotEmpty(await _twins.WorkOrders.GetHistoryAsync(order));

        // The rule that matters most on the floor: held stock does not go to production.
        var refused = await _twins.Locations.IssueAsync(finished, "bracket", output, 1m, IssuePurpose.Production);
        Assert.False(refused.Succeeded);
        var error = Assert.Throws<TwinCommandRejectedException>(() => refused.EnsureSucceeded());
        Assert.Equal(TwinErrorCodes.StockOnHold, error.Code);
        Assert.Equal(TwinErrorKind.Conflict, error.Kind);
    }

    [Fact]
    public async Task Sdk_retry_with_the_same_request_id_applies_once()
    {
        var plant = PlantApp.NewId("sdk-plant");
        var rack = PlantApp.NewId("loc");
        var lot = PlantApp.NewId("lot");
        await _twins.Locations.CreateAsync(plant, rack, "Rack").EnsureSucceeded();
        var once = new TwinCommandOptions { RequestId = "sdk-receipt-1" };

        var first = await _twins.Locations.ReceiveAsync(rack, "pins", lot, 5m, "pcs", once);
        var retry = await _twins.Locations.ReceiveAsync(rack, "pins", lot, 5m, "pcs", once);

        Assert.True(first.Succeeded && !first.Duplicate);
        Assert.True(retry.Succeeded && retry.Duplicate);
        Assert.Equal(5m, (await _twins.Locations.GetAsync(rack))!.Balances.Single().Quantity);
    }

    [Fact]
    public async Task Sdk_observes_a_twins_changes_live_filtered_by_twin_id()
    {
        var plant = PlantApp.NewId("sdk-plant");
        var watched = PlantApp.NewId("loc");
        var other = PlantApp.NewId("loc");
        var lot = PlantApp.NewId("lot");
        await _twins.Locations.CreateAsync(plant, watched, "Watched").EnsureSucceeded();
        await _twins.Locations.CreateAsync(plant, other, "Other").EnsureSucceeded();

        await using var feed = await _twins.SubscribeToChangesAsync(plant, twinId: watched);
        await _twins.Locations.ReceiveAsync(other, "pins", PlantApp.NewId("lot"), 1m, "pcs").EnsureSucceeded();
        var receipt = await _twins.Locations.ReceiveAsync(watched, "pins", lot, 7m, "pcs",
            new TwinCommandOptions { CorrelationId = "sdk-watch-1" }).EnsureSucceeded();

        using var timeout = new CancellationTokenSource(Patience);
        TwinEvent change;
        try
        {
            // Changes queued before the subscription (the location's creation) may arrive first. Every
            // change read must concern the watched twin; the receipt's must arrive.
            change = await feed.ReadAsync(timeout.Token);
            while (change.CorrelationId != "sdk-watch-1")
            {
                Assert.True(TwinChangeFilter.Concerns(change, watched), $"the feed filtered by '{watched}' delivered a change of '{change.SourceId}'");
                change = await feed.ReadAsync(timeout.Token);
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No change of location '{watched}' arrived on the twin-changes stream of '{plant}' within {Patience.TotalSeconds} s.");
        }

        Assert.Equal(plant, change.Plant);
        Assert.True(TwinChangeFilter.Concerns(change, watched));
        Assert.DoesNotContain(other, change.SourceId);
        Assert.True(receipt.Version > 0);
    }

    [Fact]
    public void PostgreSql_connection_string_selects_adonet_clustering_with_npgsql_and_the_short_response_timeout()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Twin"] = "Host=db.plant.local;Database=twin;Username=twin",
            ["Twin:Client:ClusterId"] = "plant-cluster",
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddTwinClient(configuration);
        using var provider = services.BuildServiceProvider();

        var clustering = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<Orleans.Configuration.AdoNetClusteringClientOptions>>().Value;
        Assert.Equal("Npgsql", clustering.Invariant);
        Assert.Equal("Host=db.plant.local;Database=twin;Username=twin", clustering.ConnectionString);
        var cluster = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<Orleans.Configuration.ClusterOptions>>().Value;
        Assert.Equal("plant-cluster", cluster.ClusterId);
        var messaging = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<Orleans.Configuration.ClientMessagingOptions>>().Value;
        Assert.Equal(TimeSpan.FromSeconds(5), messaging.ResponseTimeout);
    }

    [Fact]
    public void Invalid_client_settings_fail_at_registration_with_the_setting_named()
    {
        var services = new ServiceCollection();
        var error = Assert.Throws<InvalidOperationException>(() => services.AddTwinClient(configuration: null, o => o.GatewayPort = 0));
        Assert.Contains("Twin:Client:GatewayPort", error.Message);
    }
}
