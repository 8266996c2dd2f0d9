using System.Net;
using System.Net.Sockets;
using ErpSimulator;
using ErpSimulator.Audit;
using D365Simulator;
using SapSimulator;
using SapSimulator.Booking;
using Microsoft.Extensions.Options;
using Twin.Api.Security;
using Twin.Domain.Ingest;
using Twin.Hosting;
using Twin.Hosting.Configuration;

namespace Twin.Demo;

/// <summary>
/// Starts the ERP simulator, the plant simulator and the silo, wires them together, runs work orders and narrates.
/// With <c>--sap</c> the ERP is the SAP-shaped simulator, with <c>--d365</c> the D365-shaped one: work orders come in
/// from its released production orders and the silo posts through the sap-s4 or d365-scm connector.
/// </summary>
internal static class DemoRun
{
    // The ERP simulators' credential (SAP's communication user, D365's app secret), made up per run (it lives as long as the demo).
    private static readonly string ErpSecret = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12));
    private const string D365ClientId = "twin-demo";

    public static async Task<int> RunAsync(string[] args)
    {
        DemoErp erpKind;
        try
        {
            (erpKind, args) = DemoErpOption.Parse(args);
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return 2;
        }

        var sap = erpKind == DemoErp.Sap;
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true; // Stop in order below instead of dying mid-write.
            stop.Cancel();
        };
        // SIGTERM (a service manager, `kill`, `timeout`) stops the demo the same way as Ctrl+C; without this the
        // hosts' own lifetimes swallowed it and the demo kept its ports.
        using var terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(
            System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
            {
                context.Cancel = true;
                stop.Cancel();
            });

        var layout = new DemoLayout("plant-1", Machines: 4, TimeScale: 5, OpcUaPort: FreePort(), ErpPort: FreePort());
        var folder = Directory.CreateTempSubdirectory("twin-demo-").FullName;
        Say.Line("demo", $"Starting the {erpKind.Describe()} simulator, the plant simulator and a Twin silo (embedded default: state is kept in memory only)...");

        var erpUrl = $"http://127.0.0.1:{layout.ErpPort}";
        await using var erp = erpKind switch
        {
            DemoErp.Sap => SapSimulatorApp.Build(
            [
                "--urls", erpUrl, "--SapSimulator:AcceptAll=true", "--SapSimulator:Password", ErpSecret, "--Logging:LogLevel:Default=Warning",
            ]),
            DemoErp.D365 => D365SimulatorApp.Build(
            [
                "--urls", erpUrl, "--D365Simulator:AcceptAll=true", "--D365Simulator:ClientId", D365ClientId, "--D365Simulator:ClientSecret", ErpSecret,
                "--Logging:LogLevel:Default=Warning",
            ]),
            _ => ErpSimulatorApp.Build(
            [
                "--urls", erpUrl, "--ErpSimulator:AcceptAll=true", "--ErpSimulator:LogEachDocument=false", "--Logging:LogLevel:Default=Warning",
            ]),
        };
        await erp.StartAsync(stop.Token);

        await using var plant = await PlantSimulatorProcess.StartAsync(layout, stop.Token);
        var tagMap = await PlantSimulatorProcess.WriteTagMapAsync(layout, folder, stop.Token);
        var machines = PlantConfigurationLoader.Load(tagMap).Connections.SelectMany(c => c.Tags).Select(t => t.Machine).Distinct().ToList();

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        var settings = new Dictionary<string, string?>
        {
            ["Ingest:PlantFiles:0"] = tagMap,
            ["Erp:Connector:BaseUrl"] = erpUrl,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "None",
        };
        if (sap)
        {
            settings["Erp:Connector:Kind"] = "sap-s4";
            settings["Erp:Connector:Auth:User"] = "TWIN_COMM";
            settings["Erp:Connector:Auth:Password"] = ErpSecret;
        }
        else if (erpKind == DemoErp.D365)
        {
            settings["Erp:Connector:Kind"] = "d365-scm";
            settings["Erp:Connector:Auth:TokenUrl"] = $"{erpUrl}/demo-tenant/oauth2/v2.0/token";
            settings["Erp:Connector:Auth:ClientId"] = D365ClientId;
            settings["Erp:Connector:Auth:ClientSecret"] = ErpSecret;
            // The simulator's batch job is quick; read each message's status back often.
            settings["Erp:Connector:StatusPollInterval"] = "00:00:00.100";
        }

        if (erpKind != DemoErp.TwinJson)
        {
            // Work orders come in from the ERP's released production orders.
            settings["Erp:Inbound:Plants:0"] = layout.Plant;
            settings["Erp:Inbound:PollInterval"] = "00:00:02";
        }

        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddTwinPlatform();
        await using var silo = builder.Build();
        silo.MapTwinPlatform();
        await silo.StartAsync(stop.Token);

        var grains = silo.Services.GetRequiredService<IGrainFactory>();
        Func<long> booked;
        Twin.Samples.Orders.OrderBook? erpOrders = null;
        switch (erpKind)
        {
            case DemoErp.Sap:
                var ledger = erp.Services.GetRequiredService<SimulatorLedger>();
                booked = () => ledger.ConfirmationCount + ledger.MaterialDocumentCount;
                erpOrders = erp.Services.GetRequiredService<SapSimulator.Orders.ProductionOrderBook>().Book;
                break;
            case DemoErp.D365:
                var messages = erp.Services.GetRequiredService<D365Simulator.Messages.MessageStore>();
                booked = () => messages.Counts().Processed;
                erpOrders = erp.Services.GetRequiredService<D365Simulator.Orders.ProductionOrderEntities>().Book;
                break;
            default:
                var stats = erp.Services.GetRequiredService<SimulatorStats>();
                booked = () => stats.Snapshot().Booked;
                break;
        }

        var narrator = await PlantNarrator.StartAsync(silo.Services.GetRequiredService<IClusterClient>(), layout.Plant, booked);
        if (erpOrders is not null)
        {
            // SAP numbers operations 0010, D365 10; both come in as Twin's operation 10.
            var operation = sap ? "0010" : "10";
            await DemoWorkOrders.StartFromErpAsync(grains, layout.Plant, machines, erpKind.PlannerSystem(), sap ? 1000200 : 200, (order, machine) =>
            {
                erpOrders.Release(new Twin.Samples.Orders.SimulatedOrder
                {
                    Order = order, Plant = layout.Plant, Material = "FG-100", Quantity = 100_000m, Unit = "pcs",
                    Operations = [new Twin.Samples.Orders.SimulatedOperation { Operation = operation, WorkCenter = "line-1", StandardSeconds = 2 }],
                    Components = [new Twin.Samples.Orders.SimulatedComponent { Material = "RM-200", Quantity = 100_000m, Unit = "pcs", StorageLocation = "line-1", Operation = operation }],
                });
                return Task.CompletedTask;
            }, stop.Token);
        }
        else
        {
            await DemoWorkOrders.StartAsync(grains, layout.Plant, machines);
        }

        var urls = silo.Services.GetRequiredService<IOptions<TwinHostOptions>>().Value.ParsedHttpUrls[0];
        var key = silo.Services.GetService<DevelopmentApiKey>()?.Key ?? "(configured keys)";
        Say.Line("demo", $"Plant {layout.Plant}: {machines.Count} machines on {plant.EndpointUrl}, {erpKind.Describe()} simulator on {erpUrl}");
        Say.Line("demo", $"Dashboard  {urls}/dashboard");
        Say.Line("demo", $"Plant view {urls}/plant/{layout.Plant}   (sign in with the key below)");
        Say.Line("demo", $"REST API   {urls}/api/plants/{layout.Plant}/machines   (header X-Api-Key: {key})");
        Say.Line("demo", $"           {urls}/api/plants/{layout.Plant}/erp   {urls}/api/plants/{layout.Plant}/connections");
        Say.Line("demo", erpKind switch
        {
            DemoErp.Sap => $"SAP admin  {erpUrl}/admin/stats   (Basic auth TWIN_COMM / {ErpSecret})",
            DemoErp.D365 => $"D365 admin {erpUrl}/admin/stats   (Basic auth {D365ClientId} / {ErpSecret})",
            _ => $"ERP audit  {erpUrl}/audit/summary",
        });
        Say.Line("demo", "Press Ctrl+C to stop.");

        try
        {
            await narrator.RunAsync(grains, stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Ctrl+C.
        }

        Say.Line("demo", "Stopping: silo, plant simulator, ERP simulator...");
        await narrator.DisposeAsync();
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await silo.StopAsync(grace.Token);
        await erp.StopAsync(grace.Token);
        Directory.Delete(folder, recursive: true);
        return 0;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
