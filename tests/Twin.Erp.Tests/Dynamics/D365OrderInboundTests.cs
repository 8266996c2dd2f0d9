using System.Net.Http.Json;
using Twin.Erp.Inbound;
using Twin.Samples.Orders;

namespace Twin.Erp.Tests.Dynamics;

/// <summary>Production orders from the D365-shaped simulator's data entities through the d365-scm order source and the poller.</summary>
public sealed class D365OrderInboundTests
{
    private static readonly Dictionary<string, string?> Inbound = new()
    {
        ["Erp:Inbound:Plants:0"] = "P1",
        ["Erp:Inbound:PageSize"] = "2",
        ["Erp:Inbound:Overlap"] = "00:00:00",
    };

    [Fact]
    public async Task Released_orders_arrive_with_route_and_BOM_and_a_change_and_an_end_come_through_after_a_restart()
    {
        await using var d365 = await D365SimulatorFixture.StartAsync();
        await Release(d365, Order("P000123")); // mapped to work order 4711
        await Release(d365, Order("P000500"));
        await Release(d365, Order("P000501"));
        await Release(d365, Order("P000900", company: "DEMF"));
        var twins = new Dictionary<string, TwinOrderImport>(StringComparer.Ordinal);
        ErpOrderWatermark? watermark = null;
        Task<(ErpOrderApplied, string?)> Apply(TwinOrderImport o)
        {
            var applied = twins.ContainsKey(o.WorkOrderId) ? ErpOrderApplied.Updated : ErpOrderApplied.Created;
            twins[o.WorkOrderId] = o;
            return Task.FromResult<(ErpOrderApplied, string?)>((applied, null));
        }

        Task Save(ErpOrderWatermark w)
        {
            watermark = w;
            return Task.CompletedTask;
        }

        ErpPollResult first;
        await using (var host = new D365ConnectorHost(d365, Inbound))
        {
            first = await host.OrderPoller.PollAsync("P1", null, Apply, Save, CancellationToken.None);
        }

        Assert.Null(first.Failure);
        Assert.Equal((3, 3, 2), (first.Read, first.Created, first.Requests));
        Assert.Equal(["4711", "P000500", "P000501"], twins.Keys.Order(StringComparer.Ordinal));
        var mapped = twins["4711"];
        Assert.Equal(("P000123", "FG-100", 50m, "pcs", ErpOrderState.Released), (mapped.ErpOrder, mapped.Item, mapped.PlannedQuantity, mapped.Unit, mapped.State));
        Assert.Equal([new TwinOrderOperation(10, "LINE-1", TimeSpan.FromSeconds(36))], mapped.Routing);
        Assert.Equal([new TwinOrderComponent("RM-200", 100m, "pcs", "LINE-1", 10)], mapped.Components);

        await Task.Delay(5);
        await Action(d365, "P000500", "change", new OrderChange(75m, null, null));
        await Action(d365, "P000501", "close");
        await using var restarted = new D365ConnectorHost(d365, Inbound);
        var second = await restarted.OrderPoller.PollAsync("P1", watermark, Apply, Save, CancellationToken.None);

        Assert.Equal((2, 2), (second.Read, second.Updated));
        Assert.Equal(75m, twins["P000500"].PlannedQuantity);
        Assert.Equal(ErpOrderState.Closed, twins["P000501"].State);
    }

    private static SimulatedOrder Order(string number, string company = "USMF") => new()
    {
        Order = number,
        Plant = company,
        Material = "FG-100",
        Quantity = 50m,
        Unit = "ea",
        Operations = [new SimulatedOperation { Operation = "10", WorkCenter = "LINE-1", StandardSeconds = 36 }],
        Components = [new SimulatedComponent { Material = "RM-200", Quantity = 100m, Unit = "ea", StorageLocation = "11", Operation = "10" }],
    };

    private static async Task Release(D365SimulatorFixture d365, SimulatedOrder order)
    {
        using var response = await d365.Admin.PostAsJsonAsync("/admin/production-orders", order);
        response.EnsureSuccessStatusCode();
    }

    private static async Task Action(D365SimulatorFixture d365, string order, string action, OrderChange? change = null)
    {
        using var response = await d365.Admin.PostAsJsonAsync($"/admin/production-orders/{order}/{action}", change ?? new OrderChange(null, null, null));
        response.EnsureSuccessStatusCode();
    }
}
