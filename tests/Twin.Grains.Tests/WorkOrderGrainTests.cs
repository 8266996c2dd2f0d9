using Twin.Contracts;
using Twin.Grains.Tests.Infrastructure;

namespace Twin.Grains.Tests;

[Collection(TwinClusterCollection.Name)]
public sealed class WorkOrderGrainTests(TwinTestCluster cluster)
{
    public static async Task<(string Id, IWorkOrderGrain Grain)> ReleasedOrder(TwinTestCluster cluster, string plant, decimal planned = 100, bool release = true)
    {
        var id = TestIds.New("WO");
        var order = cluster.Grains.GetGrain<IWorkOrderGrain>(id);
        var created = await order.Create(new CreateWorkOrder(TestIds.Context(), plant, "BRACKET", planned, "pcs",
            [new RoutingOperation(10, "WC-PRESS", null, TimeSpan.FromSeconds(30)), new RoutingOperation(20, "WC-PAINT", null, TimeSpan.FromSeconds(12))], 5));
        Assert.True(created.Succeeded, created.Error?.Message);
        if (release)
        {
            var released = await order.ChangeStatus(new ChangeWorkOrderStatus(TestIds.Context(), WorkOrderStatus.Released));
            Assert.True(released.Succeeded, released.Error?.Message);
        }
        return (id, order);
    }

    [Fact]
    public async Task A_report_on_an_unreleased_order_is_rejected_with_order_not_released()
    {
        var (_, order) = await ReleasedOrder(cluster, TestIds.New("P"), release: false);
        var result = await order.ReportProduction(new ReportProduction(TestIds.Context(), 10, 5, 0));
        Assert.Equal(TwinErrorCodes.OrderNotReleased, result.Error?.Code);
        Assert.Equal(TwinErrorKind.Conflict, result.Error?.Kind);
    }

    [Fact]
    public async Task Reports_that_change_no_listed_field_leave_the_directory_listing_alone()
    {
        var plant = TestIds.New("P");
        var (id, order) = await ReleasedOrder(cluster, plant);
        var directory = cluster.Grains.GetGrain<IPlantDirectoryGrain>(plant);
        var first = await order.ReportProduction(new ReportProduction(TestIds.Context(), 10, 1, 0)); // Released → InProgress: listed
        for (var i = 0; i < 5; i++)
        {
            Assert.True((await order.ReportProduction(new ReportProduction(TestIds.Context(), 10, 1, 0))).Succeeded);
        }

        // The listing is the one of the last listed change: the five reports sent nothing to the directory.
        var listed = Assert.Single(await directory.ListOpenWorkOrders(), w => w.WorkOrderId == id);
        Assert.Equal((WorkOrderStatus.InProgress, first.Version), (listed.Status, listed.Version));
        var completed = await order.ChangeStatus(new ChangeWorkOrderStatus(TestIds.Context(), WorkOrderStatus.Completed));
        listed = Assert.Single(await directory.ListOpenWorkOrders(), w => w.WorkOrderId == id);
        Assert.Equal((WorkOrderStatus.Completed, completed.Version), (listed.Status, listed.Version));
    }

    [Fact]
    public async Task Reports_are_idempotent_and_closed_orders_reject_reports()
    {
        var plant = TestIds.New("P");
        var (id, order) = await ReleasedOrder(cluster, plant);
        var context = TestIds.Context();
        var first = await order.ReportProduction(new ReportProduction(context, 10, 40, 2));
        var retry = await order.ReportProduction(new ReportProduction(context, 10, 40, 2));
        Assert.True(first.Succeeded);
        Assert.True(retry.Duplicate);
        Assert.Equal(first.Version, retry.Version);
        Assert.Equal(40, (await order.GetSnapshot())!.Operations[0].Good);

        Assert.True((await order.ChangeStatus(new ChangeWorkOrderStatus(TestIds.Context(), WorkOrderStatus.Completed))).Succeeded);
        Assert.Contains(await cluster.Grains.GetGrain<IPlantDirectoryGrain>(plant).ListOpenWorkOrders(), w => w.WorkOrderId == id);
        Assert.True((await order.ChangeStatus(new ChangeWorkOrderStatus(TestIds.Context(), WorkOrderStatus.Closed))).Succeeded);
        var late = await order.ReportProduction(new ReportProduction(TestIds.Context(), 10, 1, 0));
        Assert.Equal(TwinErrorCodes.OrderClosed, late.Error?.Code);
        Assert.DoesNotContain(await cluster.Grains.GetGrain<IPlantDirectoryGrain>(plant).ListOpenWorkOrders(), w => w.WorkOrderId == id);
    }

    [Fact]
    public async Task Over_delivery_beyond_tolerance_is_rejected()
    {
        var (_, order) = await ReleasedOrder(cluster, TestIds.New("P"), planned: 10);
        Assert.True((await order.ReportProduction(new ReportProduction(TestIds.Context(), 10, 10.5m, 0))).Succeeded);   // 5 % tolerance
        var over = await order.ReportProduction(new ReportProduction(TestIds.Context(), 10, 0.1m, 0));
        Assert.Equal(TwinErrorCodes.OverDelivery, over.Error?.Code);
    }

    [Fact]
    public async Task Consumption_issues_from_the_location_and_output_receipt_creates_a_traceable_lot()
    {
        var plant = TestIds.New("P");
        var raw = await LocationGrainTests.CreatedLocation(cluster, plant);
        var finished = await LocationGrainTests.CreatedLocation(cluster, plant);
        var steel = TestIds.New("STEEL");
        Assert.True((await raw.Grain.Receive(new ReceiveStock(TestIds.Context(), "STEEL", steel, 50, "kg"))).Succeeded);
        var (id, order) = await ReleasedOrder(cluster, plant);

        var consume = new ConsumeMaterial(TestIds.Context(), "STEEL", steel, 20, raw.Id, 10);
        var consumed = await order.ConsumeMaterial(consume);
        var again = await order.ConsumeMaterial(consume);
        Assert.True(consumed.Succeeded, consumed.Error?.Message);
        Assert.True(again.Duplicate);
        Assert.Equal(30, (await raw.Grain.GetSnapshot())!.Balances.Single().Quantity);
        Assert.Equal(30, (await cluster.Grains.GetGrain<ILotGrain>(steel).GetSnapshot())!.Quantity);

        var output = TestIds.New("FG");
        var received = await order.ReceiveOutput(new ReceiveOutput(TestIds.Context(), output, 80, finished.Id));
        Assert.True(received.Succeeded, received.Error?.Message);

        var lot = await cluster.Grains.GetGrain<ILotGrain>(output).GetSnapshot();
        Assert.Equal("BRACKET", lot!.Item);
        Assert.Equal(new LotOrigin(LotOriginKind.WorkOrder, id), lot.Origin);
        Assert.Equal(80, (await finished.Grain.GetSnapshot())!.Balances.Single(b => b.LotId == output).Quantity);

        var backward = await cluster.Grains.GetGrain<ILotGrain>(output).Trace(TraceDirection.Backward);
        Assert.Contains(backward!.Lots, l => l.LotId == steel && l.Depth == 1);
        var forward = await cluster.Grains.GetGrain<ILotGrain>(steel).Trace(TraceDirection.Forward);
        Assert.Contains(forward!.Lots, l => l.LotId == output);
        Assert.Equal(80, (await order.GetSnapshot())!.ReceivedQuantity);
    }

    [Fact]
    public async Task Held_stock_cannot_be_consumed_and_the_order_books_nothing()
    {
        var plant = TestIds.New("P");
        var raw = await LocationGrainTests.CreatedLocation(cluster, plant);
        var steel = TestIds.New("STEEL");
        await raw.Grain.Receive(new ReceiveStock(TestIds.Context(), "STEEL", steel, 50, "kg"));
        await cluster.Grains.GetGrain<ILotGrain>(steel).PlaceOnHold(new PlaceLotOnHold(TestIds.Context("qa"), "porosity"));
        var (_, order) = await ReleasedOrder(cluster, plant);

        var result = await order.ConsumeMaterial(new ConsumeMaterial(TestIds.Context(), "STEEL", steel, 5, raw.Id));

        Assert.Equal(TwinErrorCodes.StockOnHold, result.Error?.Code);
        Assert.Empty((await order.GetSnapshot())!.Consumptions);
        Assert.Equal(50, (await raw.Grain.GetSnapshot())!.Balances.Single().Quantity);
    }
}
