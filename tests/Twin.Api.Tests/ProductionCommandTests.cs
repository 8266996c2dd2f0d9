using System.Net;
using Twin.Api.Tests.Infrastructure;

namespace Twin.Api.Tests;

/// <summary>Machines and work orders over REST: the whole order lifecycle with consumption, output and traces.</summary>
[Collection(ApiCollection.Name)]
public sealed class ProductionCommandTests(ApiSiloFixture silo)
{
    [Fact]
    public async Task Work_order_runs_from_create_to_close_with_consumption_output_and_lot_traces()
    {
        using var app = PlantApp.For(silo, TestKeys.Operator);
        var stores = await PlantSetup.LocationAsync(app, "Stores");
        var finished = await PlantSetup.LocationAsync(app, "Finished goods");
        var component = await PlantSetup.LotInStockAsync(app, stores, "steel-sheet", 200m);
        var order = await PlantSetup.WorkOrderAsync(app, planned: 50m);

        var open = await app.GetJsonAsync("work-orders");
        Assert.Contains(open.EnumerateArray(), o => o.GetProperty("workOrderId").GetString() == order && o.GetProperty("status").GetString() == "Released");

        await app.CommandAsync($"work-orders/{order}/start", null);
        await app.CommandAsync($"work-orders/{order}/production", new { operationSequence = 10, good = 48m, scrap = 2m, scrapReason = "burr" });
        await app.CommandAsync($"work-orders/{order}/consumptions", new { item = "steel-sheet", lotId = component, quantity = 25m, sourceLocationId = stores });
        var output = PlantApp.NewId("fg");
        await app.CommandAsync($"work-orders/{order}/receipts", new { lotId = output, quantity = 48m, locationId = finished });

        var state = await app.GetJsonAsync($"work-orders/{order}");
        Assert.Equal("InProgress", state.GetProperty("status").GetString());
        var op10 = state.GetProperty("operations").EnumerateArray().Single(o => o.GetProperty("sequence").GetInt32() == 10);
        Assert.Equal(48m, op10.GetProperty("good").GetDecimal());
        Assert.Equal(2m, op10.GetProperty("scrap").GetDecimal());
        Assert.Equal(48m, state.GetProperty("receivedQuantity").GetDecimal());

        var backward = await app.GetJsonAsync($"lots/{output}/trace?direction=backward");
        Assert.Contains(backward.GetProperty("lots").EnumerateArray(), l => l.GetProperty("lotId").GetString() == component);
        var forward = await app.GetJsonAsync($"lots/{component}/trace?direction=Forward&depth=2");
        Assert.Contains(forward.GetProperty("lots").EnumerateArray(), l => l.GetProperty("lotId").GetString() == output);
        var stock = await app.GetJsonAsync($"locations/{stores}");
        Assert.Equal(175m, stock.GetProperty("balances").EnumerateArray().Single().GetProperty("quantity").GetDecimal());

        await app.CommandAsync($"work-orders/{order}/complete", new { reason = "all parts done" });
        await app.CommandAsync($"work-orders/{order}/close", null);
        var afterClose = await app.GetJsonAsync("work-orders");
        Assert.DoesNotContain(afterClose.EnumerateArray(), o => o.GetProperty("workOrderId").GetString() == order);
        var history = await app.GetJsonAsync($"work-orders/{order}/history");
        Assert.True(history.GetArrayLength() >= 7, $"expected every command in the order's history: {history}");

        using var late = await app.PostAsync($"work-orders/{order}/production", new { operationSequence = 20, good = 1m });
        await Problem.AssertAsync(late, HttpStatusCode.Conflict, "order-closed");
    }

    [Fact]
    public async Task Cancel_takes_a_released_order_off_the_open_list()
    {
        using var app = PlantApp.For(silo, TestKeys.Operator);
        var order = await PlantSetup.WorkOrderAsync(app);
        await app.CommandAsync($"work-orders/{order}/cancel", new { reason = "customer cancelled" });
        var state = await app.GetJsonAsync($"work-orders/{order}");
        Assert.Equal("Cancelled", state.GetProperty("status").GetString());
        Assert.DoesNotContain((await app.GetJsonAsync("work-orders")).EnumerateArray(), o => o.GetProperty("workOrderId").GetString() == order);
    }

    [Fact]
    public async Task Machine_status_assignment_signals_oee_and_plant_list()
    {
        using var app = PlantApp.For(silo, TestKeys.Operator);
        var machine = await PlantSetup.MachineAsync(app);
        var order = await PlantSetup.WorkOrderAsync(app);

        await app.CommandAsync($"machines/{machine}/status", new { status = "Running", reason = "shift start" });
        await app.CommandAsync($"machines/{machine}/assignment", new { workOrderId = order, operationSequence = 10 });
        await app.CommandAsync($"machines/{machine}/signals", new { signals = new[] { new { name = "spindle-temp", number = 61.5 } } });

        var state = await app.GetJsonAsync($"machines/{machine}");
        Assert.Equal("Running", state.GetProperty("status").GetString());
        // The snapshot's JSON is cached per snapshot: a second read is the same, a change is seen with its version.
        Assert.Equal(state.ToString(), (await app.GetJsonAsync($"machines/{machine}")).ToString());
        Assert.Equal(order, state.GetProperty("assignment").GetProperty("workOrderId").GetString());
        Assert.Contains(state.GetProperty("signals").EnumerateArray(), s => s.GetProperty("name").GetString() == "spindle-temp" && s.GetProperty("number").GetDouble() == 61.5);

        var listed = (await app.GetJsonAsync("machines")).EnumerateArray().Single();
        Assert.Equal(machine, listed.GetProperty("machineId").GetString());
        Assert.Equal("Running", listed.GetProperty("status").GetString());

        var oee = await app.GetJsonAsync($"machines/{machine}/oee?window=01:00:00");
        Assert.True(oee.TryGetProperty("availability", out _), $"OEE figures expected: {oee}");

        using (var cleared = await app.SendAsync(HttpMethod.Delete, $"machines/{machine}/assignment", json: null, PlantApp.NewRequestId()))
        {
            Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        }

        var after = await app.GetJsonAsync($"machines/{machine}");
        Assert.Equal(JsonValueKindNull, after.GetProperty("assignment").ValueKind);
        Assert.True(after.GetProperty("version").GetInt64() > state.GetProperty("version").GetInt64());
        Assert.True((await app.GetJsonAsync($"machines/{machine}/history")).GetArrayLength() >= 4);
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;
}
