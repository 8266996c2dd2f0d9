using System.Diagnostics;
using Orleans.Runtime;
using Twin.Contracts;
using Twin.Grains.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Twin.Grains.Tests;

/// <summary>The plant directory grain on the embedded store: paging, versions, lists that drop entries, group commit.</summary>
[Collection(TwinClusterCollection.Name)]
public sealed class PlantDirectoryGrainTests(TwinTestCluster cluster, ITestOutputHelper output)
{
    private static async Task<List<T>> AllPages<T>(Func<string?, Task<ListingPage<T>>> page)
    {
        var all = new List<T>();
        string? after = null;
        do
        {
            var next = await page(after);
            all.AddRange(next.Items);
            after = next.Next;
        }
        while (after is not null);
        return all;
    }

    [Fact]
    public async Task Ten_thousand_concurrent_listing_updates_are_all_paged_in_id_order_and_counted()
    {
        var plant = TestIds.New("P");
        var directory = cluster.Grains.GetGrain<IPlantDirectoryGrain>(plant);
        var ids = Enumerable.Range(0, 10_500).Select(i => $"LOC-{i:D5}").ToArray();
        // Concurrent updates, each with a retry and a stale copy: the newest version is what is listed.
        await Parallel.ForEachAsync(ids.OrderBy(_ => Random.Shared.Next()), new ParallelOptions { MaxDegreeOfParallelism = 200 }, async (id, _) =>
        {
            await directory.UpdateLocation(new LocationListing(id, $"Rack {id}", 2, 2));
            await directory.UpdateLocation(new LocationListing(id, $"Rack {id}", 2, 2));
            await directory.UpdateLocation(new LocationListing(id, "stale", 1, 1));
        });

        var listed = await AllPages(after => directory.PageLocations(after, 1_000));
        Assert.Equal(ids, listed.Select(l => l.LocationId));
        Assert.All(listed, l => Assert.Equal(2, l.Version));
        Assert.Equal(10_500, (await directory.GetCounts()).Locations);
        Assert.Equal(10_500, (await directory.ListLocations()).Count);

        var capped = await directory.PageLocations(null, 1_000_000);
        Assert.Equal(ListingPaging.MaxPageSize, capped.Items.Count);
        Assert.Equal(ids[ListingPaging.MaxPageSize - 1], capped.Next);
    }

    [Fact]
    public async Task Closed_work_orders_and_consumed_lots_drop_out_and_a_late_older_update_does_not_bring_them_back()
    {
        var plant = TestIds.New("P");
        var directory = cluster.Grains.GetGrain<IPlantDirectoryGrain>(plant);
        await directory.UpdateWorkOrder(new WorkOrderListing("WO-1", "BRACKET", WorkOrderStatus.Released, 10, 0, "pcs", 3));
        await directory.UpdateWorkOrder(new WorkOrderListing("WO-2", "BRACKET", WorkOrderStatus.Released, 10, 0, "pcs", 3));
        await directory.UpdateWorkOrder(new WorkOrderListing("WO-1", "BRACKET", WorkOrderStatus.Closed, 10, 10, "pcs", 5));
        await directory.UpdateWorkOrder(new WorkOrderListing("WO-1", "BRACKET", WorkOrderStatus.InProgress, 10, 4, "pcs", 4));
        Assert.Equal(["WO-2"], (await directory.ListOpenWorkOrders()).Select(w => w.WorkOrderId));

        await directory.UpdateLot(new LotListing("LOT-1", "STEEL", 5, "kg", StockStatus.QualityHold, "scratches", 2));
        await directory.UpdateLot(new LotListing("LOT-2", "STEEL", 5, "kg", StockStatus.Unrestricted, null, 2));
        Assert.Equal(["LOT-1"], (await directory.PageLotsOnHold(null, 10)).Items.Select(l => l.LotId));
        await directory.UpdateLot(new LotListing("LOT-1", "STEEL", 5, "kg", StockStatus.Unrestricted, null, 3));
        await directory.UpdateLot(new LotListing("LOT-2", "STEEL", 0, "kg", StockStatus.Consumed, null, 4));
        await directory.UpdateLot(new LotListing("LOT-2", "STEEL", 5, "kg", StockStatus.Blocked, "old", 3));
        Assert.Empty(await directory.ListLotsOnHold());
        Assert.Equal(["LOT-1"], (await directory.ListLots()).Select(l => l.LotId));
        Assert.Equal(new PlantDirectoryCounts(0, 1, 1, 0, 0), await directory.GetCounts());
    }

    [Fact]
    public async Task Reading_a_twin_that_was_never_created_answers_null_and_leaves_no_activation()
    {
        var lot = cluster.Grains.GetGrain<ILotGrain>(TestIds.New("LOT"));
        var order = cluster.Grains.GetGrain<IWorkOrderGrain>(TestIds.New("WO"));
        var location = cluster.Grains.GetGrain<IWarehouseLocationGrain>(TestIds.New("LOC"));
        Assert.Null(await lot.GetSnapshot());
        Assert.Null(await order.GetSnapshot());
        Assert.Null(await location.GetSnapshot());

        var management = cluster.Grains.GetGrain<IManagementGrain>(0);
        var unknown = new[] { lot.GetGrainId(), order.GetGrainId(), location.GetGrainId() };
        await Eventually.True(async () =>
        {
            var active = (await management.GetDetailedGrainStatistics()).Select(s => s.GrainId).ToHashSet();
            return !unknown.Any(active.Contains);
        }, "the activations of never-created twins to go away");
    }

    [Fact]
    public async Task Creating_locations_in_one_plant_by_grain_calls_measured()
    {
        // A measurement, not a timed assertion: TWIN_DIRECTORY_SCALE=100000 gives the figure of the report.
        var count = int.TryParse(Environment.GetEnvironmentVariable("TWIN_DIRECTORY_SCALE"), out var scale) && scale > 0 ? scale : 5_000;
        var plant = TestIds.New("P");
        var token = Guid.NewGuid().ToString("N")[..8];
        var ids = Enumerable.Range(0, count).Select(i => $"L{token}-{i:D6}").ToArray();
        var watch = Stopwatch.StartNew();
        var window = Stopwatch.StartNew();
        var done = 0;
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (id, _) =>
        {
            var created = await cluster.Grains.GetGrain<IWarehouseLocationGrain>(id)
                .Create(new CreateLocation(new CommandContext($"create-{id}", $"corr-{id}", "test"), plant, $"Rack {id}"));
            Assert.True(created.Succeeded, created.Error?.Message);
            if (Interlocked.Increment(ref done) % 20_000 == 0)
            {
                lock (window)
                {
                    output.WriteLine($"embedded: {done:N0} created, last 20,000 at {20_000 / window.Elapsed.TotalSeconds:N0}/s");
                    window.Restart();
                }
            }
        });
        watch.Stop();
        output.WriteLine($"embedded: {count:N0} locations created in one plant in {watch.Elapsed.TotalSeconds:F1} s = {count / watch.Elapsed.TotalSeconds:N0} creates/s");

        var directory = cluster.Grains.GetGrain<IPlantDirectoryGrain>(plant);
        watch.Restart();
        var listed = await AllPages(after => directory.PageLocations(after, 1_000));
        output.WriteLine($"embedded: listed {listed.Count:N0} in pages of 1,000 in {watch.Elapsed.TotalMilliseconds:N0} ms");
        Assert.Equal(ids, listed.Select(l => l.LocationId));
    }
}
