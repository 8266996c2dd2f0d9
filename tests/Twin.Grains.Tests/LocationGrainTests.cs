using Orleans.Runtime;
using Orleans.Streams;
using Twin.Contracts;
using Twin.Grains.Tests.Infrastructure;

namespace Twin.Grains.Tests;

[Collection(TwinClusterCollection.Name)]
public sealed class LocationGrainTests(TwinTestCluster cluster)
{
    public static async Task<(string Id, IWarehouseLocationGrain Grain)> CreatedLocation(TwinTestCluster cluster, string plant)
    {
        var id = TestIds.New("LOC");
        var location = cluster.Grains.GetGrain<IWarehouseLocationGrain>(id);
        var created = await location.Create(new CreateLocation(TestIds.Context(), plant, $"Rack {id}"));
        Assert.True(created.Succeeded, created.Error?.Message);
        return (id, location);
    }

    [Fact]
    public async Task Issuing_more_than_is_there_is_rejected_with_insufficient_stock()
    {
        var (_, location) = await CreatedLocation(cluster, TestIds.New("P"));
        var lot = TestIds.New("LOT");
        await location.Receive(new ReceiveStock(TestIds.Context(), "BOLT", lot, 10, "pcs"));
        var result = await location.Issue(new IssueStock(TestIds.Context(), "BOLT", lot, 11, IssuePurpose.Shipment));
        Assert.Equal(TwinErrorCodes.InsufficientStock, result.Error?.Code);
        Assert.Contains("has 10", result.Error?.Message);
    }

    [Fact]
    public async Task A_move_conserves_stock_and_a_retry_moves_nothing_twice()
    {
        var plant = TestIds.New("P");
        var a = await CreatedLocation(cluster, plant);
        var b = await CreatedLocation(cluster, plant);
        var lot = TestIds.New("LOT");
        await a.Grain.Receive(new ReceiveStock(TestIds.Context(), "BOLT", lot, 10, "pcs"));

        var move = new MoveStock(TestIds.Context(), b.Id, "BOLT", lot, 4);
        var first = await a.Grain.Move(move);
        var retry = await a.Grain.Move(move);

        Assert.True(first.Succeeded, first.Error?.Message);
        Assert.True(retry.Duplicate);
        var source = await a.Grain.GetSnapshot();
        Assert.Equal(6, source!.Balances.Single().Quantity);
        Assert.Empty(source.InTransit);
        Assert.Equal(4, (await b.Grain.GetSnapshot())!.Balances.Single().Quantity);
        Assert.Contains(b.Id, (await cluster.Grains.GetGrain<ILotGrain>(lot).GetSnapshot())!.Locations);
    }

    [Fact]
    public async Task A_move_to_a_location_that_does_not_exist_is_refused_and_nothing_leaves()
    {
        var a = await CreatedLocation(cluster, TestIds.New("P"));
        var lot = TestIds.New("LOT");
        await a.Grain.Receive(new ReceiveStock(TestIds.Context(), "BOLT", lot, 10, "pcs"));
        var result = await a.Grain.Move(new MoveStock(TestIds.Context(), TestIds.New("NOWHERE"), "BOLT", lot, 4));
        Assert.Equal(TwinErrorCodes.LocationNotFound, result.Error?.Code);
        Assert.Equal(10, (await a.Grain.GetSnapshot())!.Balances.Single().Quantity);
    }

    [Fact]
    public async Task Opposite_moves_at_the_same_time_do_not_deadlock()
    {
        var plant = TestIds.New("P");
        var a = await CreatedLocation(cluster, plant);
        var b = await CreatedLocation(cluster, plant);
        var lot = TestIds.New("LOT");
        await a.Grain.Receive(new ReceiveStock(TestIds.Context(), "BOLT", lot, 100, "pcs"));
        await b.Grain.Receive(new ReceiveStock(TestIds.Context(), "BOLT", lot, 100, "pcs"));

        var moves = Enumerable.Range(0, 20).Select(i => i % 2 == 0
            ? a.Grain.Move(new MoveStock(TestIds.Context(), b.Id, "BOLT", lot, 1))
            : b.Grain.Move(new MoveStock(TestIds.Context(), a.Id, "BOLT", lot, 1)));
        var results = await Task.WhenAll(moves).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.All(results, r => Assert.True(r.Succeeded, r.Error?.Message));
        var total = (await a.Grain.GetSnapshot())!.Balances.Sum(x => x.Quantity) + (await b.Grain.GetSnapshot())!.Balances.Sum(x => x.Quantity);
        Assert.Equal(200, total);
    }

    [Fact]
    public async Task A_hold_reaches_every_location_of_the_lot_and_lists_it_in_the_plant()
    {
        var plant = TestIds.New("P");
        var a = await CreatedLocation(cluster, plant);
        var b = await CreatedLocation(cluster, plant);
        var lot = TestIds.New("LOT");
        await a.Grain.Receive(new ReceiveStock(TestIds.Context(), "STEEL", lot, 10, "kg"));
        await a.Grain.Move(new MoveStock(TestIds.Context(), b.Id, "STEEL", lot, 3));

        var hold = await cluster.Grains.GetGrain<ILotGrain>(lot).PlaceOnHold(new PlaceLotOnHold(TestIds.Context("qa.jane"), "surface cracks"));
        Assert.True(hold.Succeeded, hold.Error?.Message);

        Assert.Equal(StockStatus.QualityHold, (await a.Grain.GetSnapshot())!.Balances.Single().Status);
        Assert.Equal(StockStatus.QualityHold, (await b.Grain.GetSnapshot())!.Balances.Single().Status);
        var listed = Assert.Single(await cluster.Grains.GetGrain<IPlantDirectoryGrain>(plant).ListLotsOnHold());
        Assert.Equal("surface cracks", listed.HoldReason);
        var issue = await b.Grain.Issue(new IssueStock(TestIds.Context(), "STEEL", lot, 1, IssuePurpose.Production));
        Assert.Equal(TwinErrorCodes.StockOnHold, issue.Error?.Code);

        var noUser = await cluster.Grains.GetGrain<ILotGrain>(lot).Release(new ReleaseLot(TestIds.Context(user: null), "ok"));
        Assert.Equal(TwinErrorCodes.UserRequired, noUser.Error?.Code);
        Assert.True((await cluster.Grains.GetGrain<ILotGrain>(lot).Release(new ReleaseLot(TestIds.Context("qa.jane"), "re-inspected"))).Succeeded);
        Assert.Equal(StockStatus.Unrestricted, (await b.Grain.GetSnapshot())!.Balances.Single().Status);
        Assert.Empty(await cluster.Grains.GetGrain<IPlantDirectoryGrain>(plant).ListLotsOnHold());
    }

    [Fact]
    public async Task Split_and_merge_keep_the_quantity_and_record_genealogy()
    {
        var plant = TestIds.New("P");
        var a = await CreatedLocation(cluster, plant);
        var parent = TestIds.New("LOT");
        var child = TestIds.New("LOT");
        await a.Grain.Receive(new ReceiveStock(TestIds.Context(), "STEEL", parent, 10, "kg"));

        Assert.True((await a.Grain.Split(new SplitLot(TestIds.Context(), "STEEL", parent, child, 4))).Succeeded);
        var childLot = await cluster.Grains.GetGrain<ILotGrain>(child).GetSnapshot();
        Assert.Equal(4, childLot!.Quantity);
        Assert.Equal(parent, Assert.Single(childLot.Parents).ParentLotId);
        Assert.Equal(6, (await cluster.Grains.GetGrain<ILotGrain>(parent).GetSnapshot())!.Quantity);

        Assert.True((await a.Grain.Merge(new MergeLots(TestIds.Context(), "STEEL", child, parent))).Succeeded);
        var balances = (await a.Grain.GetSnapshot())!.Balances;
        Assert.Equal(10, Assert.Single(balances).Quantity);
        Assert.Equal(StockStatus.Consumed, (await cluster.Grains.GetGrain<ILotGrain>(child).GetSnapshot())!.Status);
        var trace = await cluster.Grains.GetGrain<ILotGrain>(parent).Trace(TraceDirection.Forward, 5);
        Assert.Contains(trace!.Edges, e => e.ChildLotId == child && e.Relation == GenealogyRelation.Split);
    }

    [Fact]
    public async Task Business_events_go_to_twin_changes_and_the_erp_outbox_with_correlation()
    {
        var plant = TestIds.New("P");
        var changes = new List<TwinEvent>();
        var erp = new TaskCompletionSource<TwinEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        var provider = cluster.Client.GetStreamProvider(TwinProviders.Streams);
        var changesHandle = await provider.GetStream<TwinEvent>(StreamId.Create(StreamNamespaces.TwinChanges, plant))
            .SubscribeAsync((e, _) => { lock (changes) { changes.Add(e); } return Task.CompletedTask; });
        var erpHandle = await cluster.Client.GetStreamProvider(TwinProviders.ErpStreams).GetStream<TwinEvent>(StreamId.Create(StreamNamespaces.ErpOutbox, plant))
            .SubscribeAsync((e, _) => { erp.TrySetResult(e); return Task.CompletedTask; });
        try
        {
            var a = await CreatedLocation(cluster, plant);
            var context = TestIds.Context();
            var lot = TestIds.New("LOT");
            await a.Grain.Receive(new ReceiveStock(context, "STEEL", lot, 10, "kg"));

            var booked = await erp.Task.WaitAsync(TimeSpan.FromSeconds(10));
            var receipt = Assert.IsType<GoodsReceived>(booked.Payload);
            Assert.Equal(lot, receipt.LotId);
            Assert.Equal(context.CorrelationId, booked.CorrelationId);
            Assert.Equal(plant, booked.Plant);
            Assert.Equal(TwinEvent.CurrentSchemaVersion, booked.SchemaVersion);
            Assert.False(string.IsNullOrEmpty(booked.EventId));
            await Eventually.True(() => { lock (changes) { return Task.FromResult(changes.Any(c => c.Payload is GoodsReceived)); } },
                "the goods receipt on the twin-changes stream");
        }
        finally
        {
            await changesHandle.UnsubscribeAsync();
            await erpHandle.UnsubscribeAsync();
        }
    }
}
