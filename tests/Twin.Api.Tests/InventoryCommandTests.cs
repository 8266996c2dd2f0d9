using System.Net;
using Twin.Api.Tests.Infrastructure;

namespace Twin.Api.Tests;

/// <summary>Warehouse locations and lots over REST: receive, move, issue, hold, release, split, merge, and the reads that show them.</summary>
[Collection(ApiCollection.Name)]
public sealed class InventoryCommandTests(ApiSiloFixture silo)
{
    [Fact]
    public async Task Receive_and_move_show_in_balances_lists_and_history()
    {
        using var app = PlantApp.For(silo, TestKeys.Operator);
        var rack = await PlantSetup.LocationAsync(app, "Rack A1");
        var lineSide = await PlantSetup.LocationAsync(app, "Line side 2");
        var lot = await PlantSetup.LotInStockAsync(app, rack, "steel-coil", 100m);

        await app.CommandAsync($"locations/{rack}/moves", new { destinationLocationId = lineSide, item = "steel-coil", lotId = lot, quantity = 30m });

        var from = await app.GetJsonAsync($"locations/{rack}");
        Assert.Equal(70m, from.GetProperty("balances").EnumerateArray().Single().GetProperty("quantity").GetDecimal());
        var to = await app.GetJsonAsync($"locations/{lineSide}");
        var balance = to.GetProperty("balances").EnumerateArray().Single();
        Assert.Equal(lot, balance.GetProperty("lotId").GetString());
        Assert.Equal(30m, balance.GetProperty("quantity").GetDecimal());
        Assert.Equal("Unrestricted", balance.GetProperty("status").GetString());

        var lotState = await app.GetJsonAsync($"lots/{lot}");
        Assert.Equal(100m, lotState.GetProperty("quantity").GetDecimal());
        Assert.Equal("steel-coil", lotState.GetProperty("item").GetString());

        var locations = await app.GetJsonAsync("locations");
        Assert.Equal(new[] { lineSide, rack }.Order(), locations.EnumerateArray().Select(l => l.GetProperty("locationId").GetString()).Order());
        var lots = await app.GetJsonAsync("lots");
        Assert.Contains(lots.EnumerateArray(), l => l.GetProperty("lotId").GetString() == lot);

        var history = await app.GetJsonAsync($"locations/{rack}/history?max=10");
        Assert.True(history.GetArrayLength() >= 3, $"expected create, receive and move in the history: {history}");
        Assert.All(history.EnumerateArray(), h => Assert.False(string.IsNullOrEmpty(h.GetProperty("correlationId").GetString())));
    }

    [Fact]
    public async Task Hold_lists_the_lot_as_on_hold_refuses_issue_to_production_and_release_lifts_it()
    {
        using var app = PlantApp.For(silo, TestKeys.Operator);
        var rack = await PlantSetup.LocationAsync(app);
        var lot = await PlantSetup.LotInStockAsync(app, rack, "resin", 50m);

        await app.CommandAsync($"lots/{lot}/hold", new { reason = "Moisture above spec", user = "q.inspector" });
        var held = await app.GetJsonAsync($"lots/{lot}");
        Assert.Equal("QualityHold", held.GetProperty("status").GetString());
        Assert.Equal("q.inspector", held.GetProperty("hold").GetProperty("user").GetString());
        var onHold = await app.GetJsonAsync("lots?onHold=true");
        Assert.Contains(onHold.EnumerateArray(), l => l.GetProperty("lotId").GetString() == lot);

        using (var refused = await app.PostAsync($"locations/{rack}/issues", new { item = "resin", lotId = lot, quantity = 5m, purpose = "Production" }))
        {
            await Problem.AssertAsync(refused, HttpStatusCode.Conflict, "stock-on-hold");
        }

        await app.CommandAsync($"lots/{lot}/release", new { reason = "Retest passed", user = "q.inspector" });
        var afterRelease = await app.GetJsonAsync("lots?onHold=true");
        Assert.DoesNotContain(afterRelease.EnumerateArray(), l => l.GetProperty("lotId").GetString() == lot);
        await app.CommandAsync($"locations/{rack}/issues", new { item = "resin", lotId = lot, quantity = 5m, purpose = "Production" });
        var rackState = await app.GetJsonAsync($"locations/{rack}");
        Assert.Equal(45m, rackState.GetProperty("balances").EnumerateArray().Single().GetProperty("quantity").GetDecimal());
    }

    [Fact]
    public async Task Split_creates_a_child_lot_and_merge_folds_it_back_with_genealogy()
    {
        using var app = PlantApp.For(silo, TestKeys.Operator);
        var rack = await PlantSetup.LocationAsync(app);
        var parent = await PlantSetup.LotInStockAsync(app, rack, "granulate", 40m);
        var child = PlantApp.NewId("lot");

        using (var split = await app.PostAsync($"lots/{parent}/split", new { locationId = rack, childLotId = child, quantity = 15m }))
        {
            Assert.Equal(HttpStatusCode.Created, split.StatusCode);
            Assert.EndsWith($"/lots/{child}", split.Headers.Location?.ToString());
        }

        var childState = await app.GetJsonAsync($"lots/{child}");
        Assert.Equal(15m, childState.GetProperty("quantity").GetDecimal());
        var forward = await app.GetJsonAsync($"lots/{parent}/trace?direction=forward&depth=3");
        Assert.Contains(forward.GetProperty("lots").EnumerateArray(), l => l.GetProperty("lotId").GetString() == child);

        await app.CommandAsync($"lots/{child}/merge", new { locationId = rack, targetLotId = parent });
        var rackState = await app.GetJsonAsync($"locations/{rack}");
        var parentBalance = rackState.GetProperty("balances").EnumerateArray().Where(b => b.GetProperty("lotId").GetString() == parent).Sum(b => b.GetProperty("quantity").GetDecimal());
        var total = rackState.GetProperty("balances").EnumerateArray().Sum(b => b.GetProperty("quantity").GetDecimal());
        Assert.Equal(40m, parentBalance);
        Assert.Equal(40m, total);
    }
}
