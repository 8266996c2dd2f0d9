using System.Net;
using Twin.Api.Tests.Infrastructure;

namespace Twin.Api.Tests;

/// <summary>
/// Bounded input (Twin:Api:Limits): oversized texts, too many values and out-of-range numbers or times are a 400 whose
/// code says which kind of limit and whose field and limit members name it; nothing of the request is applied.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class RequestLimitTests(ApiSiloFixture silo)
{
    [Fact]
    public async Task Ten_megabyte_location_name_is_400_value_too_long_and_no_location_is_created()
    {
        using var app = PlantApp.For(silo, TestKeys.Operator);
        var id = PlantApp.NewId("bin");
        using var response = await app.PostAsync("locations", new { locationId = id, name = new string('x', 10_000_000) });
        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "value-too-long");
        Assert.Equal("name", problem.GetProperty("field").GetString());
        Assert.Equal(200, problem.GetProperty("limit").GetInt32());
        using var get = await app.Http.GetAsync(app.Url($"locations/{id}"));
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }

    [Theory]
    [InlineData("unit", "pcs-but-far-too-long-for-a-unit")]
    [InlineData("reason", null)]
    public async Task Long_unit_and_long_hold_reason_are_400_naming_the_field(string field, string? unit)
    {
        using var app = PlantApp.For(silo, TestKeys.Operator);
        var rack = await PlantSetup.LocationAsync(app);
        if (unit is not null)
        {
            using var receipt = await app.PostAsync($"locations/{rack}/receipts", new { item = "x", lotId = PlantApp.NewId("lot"), quantity = 1m, unit });
            var problem = await Problem.AssertAsync(receipt, HttpStatusCode.BadRequest, "value-too-long");
            Assert.Equal(field, problem.GetProperty("field").GetString());
            return;
        }

        var lot = await PlantSetup.LotInStockAsync(app, rack, "x", 1m);
        using var hold = await app.PostAsync($"lots/{lot}/hold", new { reason = new string('r', 1_000_001) });
        var held = await Problem.AssertAsync(hold, HttpStatusCode.BadRequest, "value-too-long");
        Assert.Equal(field, held.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Too_many_signals_or_routing_steps_are_400_too_many_values()
    {
        using var app = PlantApp.For(silo, TestKeys.Operator);
        var machine = await PlantSetup.MachineAsync(app);
        var signals = Enumerable.Range(0, 1001).Select(i => new { name = $"temp-{i}", number = 20.0 }).ToArray();
        using var batch = await app.PostAsync($"machines/{machine}/signals", new { signals });
        var problem = await Problem.AssertAsync(batch, HttpStatusCode.BadRequest, "too-many-values");
        Assert.Equal("signals", problem.GetProperty("field").GetString());
        Assert.Equal(1000, problem.GetProperty("limit").GetInt32());

        var routing = Enumerable.Range(1, 201).Select(i => new { sequence = i, workCentre = "wc", standardCycleTime = "00:00:10" }).ToArray();
        using var order = await app.PostAsync("work-orders", new { workOrderId = PlantApp.NewId("wo"), item = "bracket", plannedQuantity = 5m, unit = "pcs", routing });
        var tooLong = await Problem.AssertAsync(order, HttpStatusCode.BadRequest, "too-many-values");
        Assert.Equal("routing", tooLong.GetProperty("field").GetString());
    }

    [Theory]
    [InlineData("""{"signals":[{"name":"good-count","number":-1}]}""", "signals[0].number")]
    [InlineData("""{"signals":[{"name":"good-count","number":1e308}]}""", "signals[0].number")]
    [InlineData("""{"signals":[{"name":"scrap-count","number":2.5}]}""", "signals[0].number")]
    [InlineData("""{"signals":[{"name":"temp","number":21,"sourceTimestamp":"9999-12-31T00:00:00Z"}]}""", "signals[0].sourceTimestamp")]
    [InlineData("""{"signals":[{"name":"temp","number":21,"sourceTimestamp":"2000-01-01T00:00:00Z"}]}""", "signals[0].sourceTimestamp")]
    public async Task Counter_readings_and_source_times_outside_their_range_are_400_and_not_applied(string json, string field)
    {
        using var app = PlantApp.For(silo, TestKeys.Operator);
        var machine = await PlantSetup.MachineAsync(app);
        using var response = await app.SendAsync(HttpMethod.Post, $"machines/{machine}/signals", json, PlantApp.NewRequestId());
        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "value-out-of-range");
        Assert.Equal(field, problem.GetProperty("field").GetString());
        var twin = await app.GetJsonAsync($"machines/{machine}");
        Assert.DoesNotContain("9999", twin.ToString());
        Assert.DoesNotContain("1E+308", twin.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("locations/{rack}/receipts", """{"item":"x","lotId":"lot-q1","quantity":79228162514264337593543950335,"unit":"kg"}""", "quantity")]
    [InlineData("work-orders", """{"workOrderId":"wo-q1","item":"bracket","plannedQuantity":5,"unit":"pcs","overDeliveryTolerancePercent":5000,"routing":[]}""", "overDeliveryTolerancePercent")]
    [InlineData("work-orders", """{"workOrderId":"wo-q2","item":"bracket","plannedQuantity":5,"unit":"pcs","routing":[{"sequence":10,"workCentre":"wc","standardCycleTime":"-00:00:01"}]}""", "routing[0].standardCycleTime")]
    [InlineData("machines", """{"machineId":"press-q1","name":"Press","counterMaximum":-5}""", "counterMaximum")]
    public async Task Numbers_outside_their_range_are_400_value_out_of_range(string path, string json, string field)
    {
        using var app = PlantApp.For(silo, TestKeys.Operator);
        var rack = await PlantSetup.LocationAsync(app);
        using var response = await app.SendAsync(HttpMethod.Post, path.Replace("{rack}", rack), json, PlantApp.NewRequestId());
        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "value-out-of-range");
        Assert.Equal(field, problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Largest_allowed_receipt_twice_keeps_the_lot_usable()
    {
        // Before the limit, decimal.MaxValue was accepted and the next receipt to the lot failed with a 500 for good.
        using var app = PlantApp.For(silo, TestKeys.Operator);
        var rack = await PlantSetup.LocationAsync(app);
        var lot = PlantApp.NewId("lot");
        for (var i = 0; i < 2; i++)
        {
            using var receipt = await app.PostAsync($"locations/{rack}/receipts", new { item = "x", lotId = lot, quantity = 1_000_000_000_000m, unit = "kg" });
            Assert.True(receipt.IsSuccessStatusCode, await receipt.Content.ReadAsStringAsync());
        }

        var twin = await app.GetJsonAsync($"lots/{lot}");
        Assert.Contains("2000000000000", twin.ToString());
    }
}
