using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Twin.Samples.Orders;
using Twin.Erp.Connector;
using Twin.Erp.Inbound;

namespace Twin.Erp.Tests.Sap;

/// <summary>Production orders from the SAP-shaped simulator's API_PRODUCTION_ORDER_2_SRV through the sap-s4 order source and the poller.</summary>
public sealed class SapOrderInboundTests
{
    private static readonly Dictionary<string, string?> Inbound = new()
    {
        ["Erp:Inbound:Plants:0"] = "P1",
        ["Erp:Inbound:PageSize"] = "2",
        ["Erp:Inbound:Overlap"] = "00:00:00",
    };

    [Fact]
    public async Task Released_orders_arrive_translated_with_routing_and_components_over_several_pages()
    {
        await using var sap = await SapSimulatorFixture.StartAsync();
        for (var i = 0; i < 5; i++)
        {
            await sap.ReleaseOrderAsync(Order($"20000{i}"));
        }

        await sap.ReleaseOrderAsync(Order("300001", plant: "2020")); // another plant's order
        await using var host = new SapConnectorHost(sap.BaseAddress, Inbound);
        var sink = new TwinSide();

        var result = await host.OrderPoller.PollAsync("P1", null, sink.Apply, sink.Save, CancellationToken.None);

        Assert.Null(result.Failure);
        Assert.Equal((5, 5, 3), (result.Read, result.Created, result.Requests)); // 2 + 2 + 1
        Assert.Equal(["200000", "200001", "200002", "200003", "200004"], sink.Orders.Keys.Order());
        var first = sink.Orders["200000"];
        Assert.Equal(("P1", "FG-100", 120m, "pcs", ErpOrderState.Released), (first.Plant, first.Item, first.PlannedQuantity, first.Unit, first.State));
        Assert.Equal([new TwinOrderOperation(10, "LINE-1", TimeSpan.FromSeconds(2)), new TwinOrderOperation(20, "PACK", TimeSpan.FromSeconds(0.5))], first.Routing);
        Assert.Equal([new TwinOrderComponent("RM-200", 240m, "pcs", "LINE-1", 10)], first.Components);
        Assert.Equal(sink.Saved[^1], result.Watermark);
    }

    [Fact]
    public async Task A_change_and_a_close_in_SAP_come_through_and_the_watermark_survives_a_restart()
    {
        await using var sap = await SapSimulatorFixture.StartAsync();
        await sap.ReleaseOrderAsync(Order("200010"));
        await sap.ReleaseOrderAsync(Order("200011"));
        var sink = new TwinSide();
        ErpOrderWatermark? watermark;
        long queriesAfterFirst;
        await using (var host = new SapConnectorHost(sap.BaseAddress, Inbound))
        {
            watermark = (await host.OrderPoller.PollAsync("P1", null, sink.Apply, sink.Save, CancellationToken.None)).Watermark;
            queriesAfterFirst = await QueriesAsync(sap);
        }

        // While Twin is down: a planner changes one order, closes the other and releases a third.
        await Task.Delay(5); // change times move on (SAP stamps each change)
        await sap.OrderActionAsync("200010", "change", new OrderChange(150m, null, null));
        await sap.OrderActionAsync("200011", "close");
        await sap.ReleaseOrderAsync(Order("200012"));

        // A new process with the saved watermark: reads only what changed since.
        await using var restarted = new SapConnectorHost(sap.BaseAddress, Inbound);
        var result = await restarted.OrderPoller.PollAsync("P1", watermark, sink.Apply, sink.Save, CancellationToken.None);

        Assert.Equal((3, 1, 2), (result.Read, result.Created, result.Updated));
        Assert.Equal(150m, sink.Orders["200010"].PlannedQuantity);
        Assert.Equal(ErpOrderState.Closed, sink.Orders["200011"].State);
        Assert.Equal(3, sink.Orders.Count);
        Assert.Equal(2, await QueriesAsync(sap) - queriesAfterFirst); // a page of 2, then the last one

        // Nothing changed: one query, nothing read.
        var idle = await restarted.OrderPoller.PollAsync("P1", result.Watermark, sink.Apply, sink.Save, CancellationToken.None);
        Assert.Equal((0, 1), (idle.Read, idle.Requests));
    }

    [Fact]
    public async Task An_order_whose_unit_no_mapping_names_is_skipped_with_the_table_to_fix()
    {
        await using var sap = await SapSimulatorFixture.StartAsync();
        await sap.ReleaseOrderAsync(Order("200020", unit: "KG"));
        await sap.ReleaseOrderAsync(Order("200021"));
        await using var host = new SapConnectorHost(sap.BaseAddress, Inbound);
        var sink = new TwinSide();

        var result = await host.OrderPoller.PollAsync("P1", null, sink.Apply, sink.Save, CancellationToken.None);

        Assert.Equal((1, 1), (result.Created, result.Refused));
        Assert.Contains("order 200020: ERP unit 'KG' is named by no entry of Erp:Connector:Mapping:Units", Assert.Single(result.Problems), StringComparison.Ordinal);
        Assert.Equal("200021", result.Watermark?.Order); // moved past the refused one
    }

    [Fact]
    public async Task SAP_down_ends_the_poll_with_a_clean_reason_and_keeps_the_watermark()
    {
        await using var sap = await SapSimulatorFixture.StartAsync();
        var address = sap.BaseAddress;
        await sap.DisposeAsync();
        await using var host = new SapConnectorHost(address, new Dictionary<string, string?>(Inbound) { ["Erp:Connector:Auth:Password"] = "do-not-show-me" });
        var saved = new ErpOrderWatermark(DateTimeOffset.UtcNow, "200030");

        var result = await host.OrderPoller.PollAsync("P1", saved, new TwinSide().Apply, _ => throw new InvalidOperationException("nothing to save"), CancellationToken.None);

        Assert.StartsWith("SAP production orders could not be read", result.Failure, StringComparison.Ordinal);
        Assert.DoesNotContain("do-not-show-me", result.Failure, StringComparison.Ordinal);
        Assert.Equal(saved, result.Watermark);
    }

    [Fact]
    public async Task SAP_refuses_a_confirmation_on_a_closed_order_with_its_reason()
    {
        await using var sap = await SapSimulatorFixture.StartAsync();
        await sap.ReleaseOrderAsync(Order("1000123"));
        await sap.OrderActionAsync("1000123", "close");
        await using var host = new SapConnectorHost(sap.BaseAddress);

        var outcome = Assert.Single(await host.Connector.PostBatchAsync([TestTransactions.Confirmation(TestTransactions.NewEventId("closed"))]));

        Assert.Equal(ErpOutcomeStatus.Rejected, outcome.Status);
        Assert.Equal("ZTWINSIM/024", outcome.MessageId);
        Assert.Contains("Order 1000123 is closed", outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Inbound_plants_with_a_connector_that_reads_no_orders_stop_the_host_at_start_with_one_line()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Erp:Connector:Kind"] = "twin-json",
            ["Erp:Connector:BaseUrl"] = "http://127.0.0.1:9",
            ["Erp:Inbound:Plants:0"] = "P1",
        }).Build();
        var services = new ServiceCollection()
            .AddErpConnector(configuration.GetSection("Erp:Connector"))
            .AddErpInbound(configuration.GetSection("Erp:Inbound"));
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ErpInboundOptions>>().Value);
        Assert.Contains("set Erp:Connector:Kind to sap-s4 or d365-scm", error.Message, StringComparison.Ordinal);
    }

    private static SimulatedOrder Order(string number, string plant = "1010", string unit = "ST") => new()
    {
        Order = number,
        Plant = plant,
        Material = "FG-100",
        Quantity = 120m,
        Unit = unit,
        Operations = [new SimulatedOperation { Operation = "0010", WorkCenter = "LINE-1", StandardSeconds = 2 }, new SimulatedOperation { Operation = "0020", WorkCenter = "PACK", StandardSeconds = 0.5m }],
        Components = [new SimulatedComponent { Material = "RM-200", Quantity = 240m, Unit = "ST", StorageLocation = "0001", Operation = "0010" }],
    };

    private static async Task<long> QueriesAsync(SapSimulatorFixture sap) => (await sap.StatsAsync()).OrderQueries;

    /// <summary>Stands in for the work-order twins: remembers the newest version of each order by change time.</summary>
    private sealed class TwinSide
    {
        public Dictionary<string, TwinOrderImport> Orders { get; } = new(StringComparer.Ordinal);

        public List<ErpOrderWatermark> Saved { get; } = [];

        public Task<(ErpOrderApplied, string?)> Apply(TwinOrderImport order)
        {
            var outcome = !Orders.TryGetValue(order.ErpOrder, out var held) ? ErpOrderApplied.Created
                : held.ChangedAt >= order.ChangedAt ? ErpOrderApplied.Unchanged
                : ErpOrderApplied.Updated;
            if (outcome != ErpOrderApplied.Unchanged)
            {
                Orders[order.ErpOrder] = order;
            }

            return Task.FromResult<(ErpOrderApplied, string?)>((outcome, null));
        }

        public Task Save(ErpOrderWatermark watermark)
        {
            Saved.Add(watermark);
            return Task.CompletedTask;
        }
    }
}
