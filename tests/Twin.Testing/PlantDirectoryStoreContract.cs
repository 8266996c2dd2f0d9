using Twin.Contracts;
using Twin.Grains.Plants;
using Xunit;

namespace Twin.Testing;

/// <summary>
/// What every <see cref="IPlantDirectoryStore"/> must do (in memory and PostgreSQL): keyset pages in ordinal id
/// order across many listings, idempotent upserts that never let an older version win, removals that a late
/// older update cannot undo, and lists kept apart by plant and kind. Derive and give the store.
/// </summary>
public abstract class PlantDirectoryStoreContract
{
    protected abstract IPlantDirectoryStore Store { get; }

    private static string NewPlant() => $"P-{Guid.NewGuid():N}";

    private static LocationListing Location(string id, long version, string? name = null) => new(id, name ?? $"Rack {id}", 0, version);

    private static DirectoryRow Row(LocationListing l) => new(ListingKind.Location, l.LocationId, l.Version, l);

    private async Task<List<LocationListing>> AllPages(string plant, int limit)
    {
        var all = new List<LocationListing>();
        string? after = null;
        var pages = 0;
        do
        {
            var page = await Store.PageAsync(plant, ListingKind.Location, after, limit);
            Assert.True(page.Items.Count <= limit, $"a page of {page.Items.Count} for limit {limit}");
            Assert.True(page.Next is null || page.Items.Count == limit, "a page before the last one is full");
            all.AddRange(page.Items.Cast<LocationListing>());
            after = page.Next;
            Assert.True(++pages < 100_000, "paging does not end");
        }
        while (after is not null);
        return all;
    }

    [Fact]
    public async Task Pages_cover_twelve_thousand_listings_once_each_in_ordinal_id_order()
    {
        var plant = NewPlant();
        // Mixed case, digits and dashes, inserted in shuffled order and in batches like the grain writes them.
        var ids = Enumerable.Range(0, 12_000).Select(i => (i % 3) switch { 0 => $"LOC-{i:D5}", 1 => $"a{i}", _ => $"Z_{i % 97}-{i}" }).ToList();
        var shuffled = ids.OrderBy(_ => Random.Shared.Next()).ToList();
        foreach (var batch in shuffled.Chunk(700))
        {
            await Store.UpsertAsync(plant, batch.Select(id => Row(Location(id, 1))).ToArray());
        }

        var expected = ids.Order(StringComparer.Ordinal).ToList();
        foreach (var limit in new[] { 1_000, 777, 5_000 })
        {
            var listed = await AllPages(plant, limit);
            Assert.Equal(expected, listed.Select(l => l.LocationId));
        }

        Assert.Equal(12_000, await Store.CountAsync(plant, ListingKind.Location));
        var last = await Store.PageAsync(plant, ListingKind.Location, expected[^1], 10);
        Assert.Empty(last.Items);
        Assert.Null(last.Next);
    }

    [Fact]
    public async Task Upserts_are_idempotent_and_an_older_version_never_wins()
    {
        var plant = NewPlant();
        var rows = Enumerable.Range(0, 50).Select(i => Row(Location($"L-{i:D3}", 5, "v5"))).ToArray();
        await Store.UpsertAsync(plant, rows);
        await Store.UpsertAsync(plant, rows);
        Assert.Equal(50, await Store.CountAsync(plant, ListingKind.Location));

        await Store.UpsertAsync(plant, [Row(Location("L-007", 4, "v4")), Row(Location("L-008", 5, "same version, other name")), Row(Location("L-009", 6, "v6"))]);
        var byId = (await AllPages(plant, 20)).ToDictionary(l => l.LocationId);
        Assert.Equal(50, byId.Count);
        Assert.Equal(("v5", 5L), (byId["L-007"].Name, byId["L-007"].Version));
        Assert.Equal("v5", byId["L-008"].Name);
        Assert.Equal(("v6", 6L), (byId["L-009"].Name, byId["L-009"].Version));
    }

    [Fact]
    public async Task A_removed_listing_leaves_pages_and_count_and_a_late_older_update_does_not_bring_it_back()
    {
        var plant = NewPlant();
        await Store.UpsertAsync(plant, [Row(Location("A", 1)), Row(Location("B", 1)), Row(Location("C", 1))]);
        await Store.UpsertAsync(plant, [new DirectoryRow(ListingKind.Location, "B", 3, null)]);
        await Store.UpsertAsync(plant, [Row(Location("B", 2))]);
        Assert.Equal(["A", "C"], (await AllPages(plant, 1)).Select(l => l.LocationId));
        Assert.Equal(2, await Store.CountAsync(plant, ListingKind.Location));

        await Store.UpsertAsync(plant, [Row(Location("B", 4))]);
        Assert.Equal(["A", "B", "C"], (await AllPages(plant, 2)).Select(l => l.LocationId));
    }

    [Fact]
    public async Task Lists_are_kept_apart_by_plant_and_kind_and_keep_their_listing_types()
    {
        var plant = NewPlant();
        var other = NewPlant();
        var lot = new LotListing("LOT-1", "STEEL", 5m, "kg", StockStatus.QualityHold, "scratches", 2);
        var machine = new MachineListing("M-1", "Press", MachineStatus.Running, DateTimeOffset.Parse("2026-12-01T10:00:00Z"), "WO-1", 3);
        var order = new WorkOrderListing("WO-1", "BRACKET", WorkOrderStatus.Released, 100m, 12.5m, "pcs", 4);
        await Store.UpsertAsync(plant,
        [
            new DirectoryRow(ListingKind.Lot, lot.LotId, lot.Version, lot),
            new DirectoryRow(ListingKind.LotOnHold, lot.LotId, lot.Version, lot),
            new DirectoryRow(ListingKind.Machine, machine.MachineId, machine.Version, machine),
            new DirectoryRow(ListingKind.WorkOrder, order.WorkOrderId, order.Version, order),
        ]);
        await Store.UpsertAsync(other, [Row(Location("M-1", 1))]);

        Assert.Equal(lot, Assert.Single((await Store.PageAsync(plant, ListingKind.Lot, null, 10)).Items));
        Assert.Equal(lot, Assert.Single((await Store.PageAsync(plant, ListingKind.LotOnHold, null, 10)).Items));
        Assert.Equal(machine, Assert.Single((await Store.PageAsync(plant, ListingKind.Machine, null, 10)).Items));
        Assert.Equal(order, Assert.Single((await Store.PageAsync(plant, ListingKind.WorkOrder, null, 10)).Items));
        Assert.Empty((await Store.PageAsync(plant, ListingKind.Location, null, 10)).Items);
        Assert.Equal(0, await Store.CountAsync(other, ListingKind.Machine));
        Assert.Equal(1, await Store.CountAsync(other, ListingKind.Location));
    }

    [Fact]
    public async Task A_cursor_stays_valid_while_listings_are_added()
    {
        var plant = NewPlant();
        await Store.UpsertAsync(plant, new[] { "B", "D", "F", "H" }.Select(id => Row(Location(id, 1))).ToArray());
        var first = await Store.PageAsync(plant, ListingKind.Location, null, 2);
        Assert.Equal(["B", "D"], first.Items.Cast<LocationListing>().Select(l => l.LocationId));
        Assert.Equal("D", first.Next);

        await Store.UpsertAsync(plant, [Row(Location("A", 1)), Row(Location("E", 1))]);
        var second = await Store.PageAsync(plant, ListingKind.Location, first.Next, 10);
        Assert.Equal(["E", "F", "H"], second.Items.Cast<LocationListing>().Select(l => l.LocationId));
        Assert.Null(second.Next);
    }
}
