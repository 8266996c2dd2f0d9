using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Twin.Api.Tests.Infrastructure;
using Twin.Contracts;

namespace Twin.Api.Tests;

/// <summary>Plant listings over REST in pages: limit, the X-Next-After cursor and Link rel=next; 404 for unknown twins.</summary>
[Collection(ApiCollection.Name)]
public sealed class ListingPagingTests(ApiSiloFixture silo)
{
    [Fact]
    public async Task Locations_are_listed_in_pages_that_follow_the_next_link_to_the_end()
    {
        using var app = PlantApp.For(silo, TestKeys.Reader);
        var directory = silo.Services.GetRequiredService<IGrainFactory>().GetGrain<IPlantDirectoryGrain>(app.Plant);
        var ids = Enumerable.Range(0, 2_345).Select(i => $"RACK-{i:D4}").ToArray();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (id, _) =>
            await directory.UpdateLocation(new LocationListing(id, $"Rack {id}", 0, 1)));

        // Without parameters: the first 1,000 in id order, and where to go on.
        using (var first = await app.Http.GetAsync(app.Url("locations")))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            var page = JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(ListingPaging.DefaultPageSize, page.GetArrayLength());
            Assert.Equal(ids[999], Assert.Single(first.Headers.GetValues("X-Next-After")));
        }

        var listed = new List<string>();
        string? next = app.Url("locations?limit=500");
        var pages = 0;
        while (next is not null)
        {
            using var response = await app.Http.GetAsync(next);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            listed.AddRange(page.EnumerateArray().Select(l => l.GetProperty("locationId").GetString()!));
            next = response.Headers.TryGetValues("Link", out var links)
                ? links.Single().Split(';')[0].Trim('<', '>', ' ')
                : null;
            Assert.True(++pages <= 5, "more pages than 2,345 / 500");
        }

        Assert.Equal(5, pages);
        Assert.Equal(ids, listed);
    }

    [Fact]
    public async Task A_limit_out_of_range_is_400_and_lots_on_hold_page_with_their_filter()
    {
        using var app = PlantApp.For(silo, TestKeys.Reader);
        using (var zero = await app.Http.GetAsync(app.Url("locations?limit=0")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, zero.StatusCode);
        }

        using (var huge = await app.Http.GetAsync(app.Url("machines?limit=100000")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, huge.StatusCode);
        }

        var directory = silo.Services.GetRequiredService<IGrainFactory>().GetGrain<IPlantDirectoryGrain>(app.Plant);
        foreach (var i in Enumerable.Range(0, 5))
        {
            await directory.UpdateLot(new LotListing($"LOT-{i}", "STEEL", 1, "kg", i % 2 == 0 ? StockStatus.QualityHold : StockStatus.Unrestricted, null, 1));
        }

        using var held = await app.Http.GetAsync(app.Url("lots?onHold=true&limit=2"));
        var page = JsonDocument.Parse(await held.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(["LOT-0", "LOT-2"], page.EnumerateArray().Select(l => l.GetProperty("lotId").GetString()));
        var link = Assert.Single(held.Headers.GetValues("Link"));
        Assert.Contains("onHold=true", link, StringComparison.Ordinal);
        Assert.Contains("after=LOT-2", link, StringComparison.Ordinal);
        Assert.Equal(["LOT-4"], (await app.GetJsonAsync("lots?onHold=true&after=LOT-2")).EnumerateArray().Select(l => l.GetProperty("lotId").GetString()));
    }

    [Fact]
    public async Task Reading_a_work_order_lot_or_location_that_does_not_exist_is_404()
    {
        using var app = PlantApp.For(silo, TestKeys.Reader);
        foreach (var path in new[] { "work-orders/WO-NOPE-1", "lots/LOT-NOPE-1", "locations/LOC-NOPE-1" })
        {
            using var response = await app.Http.GetAsync(app.Url(path));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
    }
}
