using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SapSimulator;
using Twin.Samples.Orders;
using Twin.Contracts;
using Twin.Testing;

namespace Twin.Integration.Tests.Platform;

/// <summary>
/// Production orders flowing in from the SAP-shaped simulator into a PostgreSQL silo configured with sap-s4 and
/// Erp:Inbound: released orders become work-order twins with routing and components, a change and a close in SAP update
/// them, and after a full silo restart the durable watermark picks up what changed meanwhile without re-importing the rest.
/// </summary>
public sealed class ErpInboundOrdersTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    private const string Password = "inbound-secret-1";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Orders_from_SAP_become_twins_follow_changes_and_closes_and_survive_a_restart()
    {
        await using var sap = SapSimulatorApp.Build(
        [
            "--urls", "http://127.0.0.1:0", "--SapSimulator:User", "TWIN_COMM", "--SapSimulator:Password", Password, "--SapSimulator:AcceptAll=true",
        ], builder => builder.Logging.ClearProviders());
        await sap.StartAsync();
        using var admin = new HttpClient { BaseAddress = new Uri(sap.Urls.Single()) };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"TWIN_COMM:{Password}")));
        await Post(admin, "/admin/production-orders", Order("5000001"));
        await Post(admin, "/admin/production-orders", Order("5000002"));
        var clusterId = $"inbound-{Guid.NewGuid():N}";
        var settings = new Dictionary<string, string?>
        {
            ["Erp:Connector:Kind"] = "sap-s4",
            ["Erp:Connector:BaseUrl"] = sap.Urls.Single(),
            ["Erp:Connector:Auth:User"] = "TWIN_COMM",
            ["Erp:Connector:Auth:Password"] = Password,
            ["Erp:Connector:Mapping:Plants:P-IN"] = "1010",
            ["Erp:Connector:Mapping:Units:pcs"] = "ST",
            ["Erp:Connector:Mapping:Locations:LINE-1"] = "0001",
            ["Erp:Inbound:Plants:0"] = "P-IN",
            ["Erp:Inbound:PollInterval"] = "00:00:00.200",
        };

        var silo = await InProcessSilo.StartAsync(database.ConnectionString, clusterId, settings);
        long secondVersion;
        try
        {
            var grains = silo.Services.GetRequiredService<IGrainFactory>();
            var first = await Eventually(grains, "5000001", s => s is not null);
            Assert.Equal(("P-IN", "FG-100", 120m, "pcs", WorkOrderStatus.Released, "5000001"), (first!.Plant, first.Item, first.PlannedQuantity, first.Unit, first.Status, first.ErpOrder));
            Assert.Equal([(10, "LINE-1", TimeSpan.FromSeconds(2)), (20, "PACK", TimeSpan.Zero)], first.Operations.Select(o => (o.Sequence, o.WorkCentre, o.StandardCycleTime)));
            Assert.Equal([new ComponentRequirement("RM-200", 240m, "pcs", "LINE-1", 10)], first.Components!);

            // The shop floor reports; then SAP changes the quantity of one and closes the other.
            var reported = await grains.GetGrain<IWorkOrderGrain>("5000001").ReportProduction(new ReportProduction(Context("report-1"), 10, 7, 0));
            Assert.True(reported.Succeeded, reported.Error?.Message);
            await Eventually(grains, "5000002", s => s is not null);
            await Post(admin, "/admin/production-orders/5000001/change", new OrderChange(150m, null, null));
            await Post(admin, "/admin/production-orders/5000002/close", new { });
            var changed = await Eventually(grains, "5000001", s => s?.PlannedQuantity == 150m);
            Assert.Equal(7m, changed!.Operations[0].Good); // what the shop floor reported stays
            var closed = await Eventually(grains, "5000002", s => s?.Status == WorkOrderStatus.Closed);
            secondVersion = closed!.Version;

            // A report against the order SAP closed is refused, with the reason.
            var late = await grains.GetGrain<IWorkOrderGrain>("5000002").ReportProduction(new ReportProduction(Context("report-2"), 10, 1, 0));
            Assert.Equal(TwinErrorCodes.OrderClosed, late.Error?.Code);
        }
        finally
        {
            await StopAsync(silo);
        }

        // While Twin is down a planner releases a third order and completes the first.
        await Post(admin, "/admin/production-orders", Order("5000003"));
        await Post(admin, "/admin/production-orders/5000001/complete", new { });

        silo = await InProcessSilo.StartAsync(database.ConnectionString, clusterId, settings);
        try
        {
            var grains = silo.Services.GetRequiredService<IGrainFactory>();
            await Eventually(grains, "5000003", s => s is not null);
            await Eventually(grains, "5000001", s => s?.Status == WorkOrderStatus.Completed);
            var figures = await grains.GetGrain<IErpOrderPollerGrain>("P-IN").GetFigures();
            Assert.Equal(3, figures.Created); // durable totals: not re-imported after the restart
            Assert.Null(figures.LastFailure);
            Assert.Equal(secondVersion, (await grains.GetGrain<IWorkOrderGrain>("5000002").GetSnapshot())!.Version);
        }
        finally
        {
            await StopAsync(silo);
        }
    }

    private static SimulatedOrder Order(string number) => new()
    {
        Order = number,
        Plant = "1010",
        Material = "FG-100",
        Quantity = 120m,
        Unit = "ST",
        Operations = [new SimulatedOperation { Operation = "0010", WorkCenter = "LINE-1", StandardSeconds = 2 }, new SimulatedOperation { Operation = "0020", WorkCenter = "PACK" }],
        Components = [new SimulatedComponent { Material = "RM-200", Quantity = 240m, Unit = "ST", StorageLocation = "0001", Operation = "0010" }],
    };

    private static CommandContext Context(string id) => new($"inbound-{id}-{Guid.NewGuid():N}", "inbound-test");

    private static async Task Post(HttpClient admin, string path, object body)
    {
        using var response = await admin.PostAsJsonAsync(path, body);
        response.EnsureSuccessStatusCode();
    }

    private static async Task<WorkOrderSnapshot?> Eventually(IGrainFactory grains, string order, Func<WorkOrderSnapshot?, bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var snapshot = await grains.GetGrain<IWorkOrderGrain>(order).GetSnapshot();
            if (condition(snapshot))
            {
                return snapshot;
            }

            if (DateTime.UtcNow > deadline)
            {
                var figures = await grains.GetGrain<IErpOrderPollerGrain>("P-IN").GetFigures();
                Assert.Fail($"Work order {order} did not reach the expected state in {Patience.TotalSeconds} s; last seen: {snapshot}; poller: {figures} {string.Join(" | ", figures.LastProblems)}");
            }

            await Task.Delay(100);
        }
    }

    private static async Task StopAsync(WebApplication app)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await app.StopAsync(deadline.Token);
        await app.DisposeAsync();
    }
}
