using System.Net;
using Twin.Api.Tests.Infrastructure;

namespace Twin.Api.Tests;

/// <summary>Every 4xx the API promises, as RFC 7807 problem details with a stable code.</summary>
[Collection(ApiCollection.Name)]
public sealed class ErrorAnswerTests(ApiSiloFixture silo)
{
    [Theory]
    [InlineData("machines/bad!id")]
    [InlineData("lots/-starts-with-dash")]
    [InlineData("locations/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("work-orders/wo%20with%20spaces")]
    public async Task Invalid_id_in_the_route_is_400_invalid_id(string relative)
    {
        using var app = PlantApp.For(silo, TestKeys.Reader);
        using var response = await app.Http.GetAsync(app.Url(relative));
        await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "invalid-id");
    }

    [Fact]
    public async Task Unknown_api_path_is_a_404_problem()
    {
        using var app = PlantApp.For(silo, TestKeys.Reader);
        using var response = await app.Http.GetAsync(app.Url("machnes"));
        await Problem.AssertAsync(response, HttpStatusCode.NotFound, "unknown-route");
    }

    [Fact]
    public async Task Invalid_plant_id_is_400_invalid_id()
    {
        using var http = silo.CreateClient(TestKeys.Reader);
        using var response = await http.GetAsync("/api/plants/plant$1/machines");
        await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "invalid-id");
    }

    [Fact]
    public async Task Invalid_id_in_the_body_is_400_naming_the_field()
    {
        using var app = PlantApp.For(silo, TestKeys.Operator);
        using var response = await app.PostAsync("machines", new { machineId = "press 3", name = "Press 3" });
        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "invalid-id");
        Assert.Contains("machineId", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("""{"workOrderId":"wo-null-1","item":"bracket","plannedQuantity":5,"unit":"pcs","routing":[null]}""", "routing[0]")]
    [InlineData("""{"workOrderId":"wo-null-2","item":"bracket","plannedQuantity":5,"unit":"pcs","routing":null}""", "routing")]
    [InlineData("""{"workOrderId":"wo-huge-1","item":"bracket","plannedQuantity":1e308,"unit":"pcs","routing":[]}""", "plannedQuantity")]
    public Task Null_list_element_or_overflowing_decimal_is_400_naming_the_field(string json, string mentions) =>
        AssertInvalidPayloadAsync("work-orders", json, mentions);

    [Fact]
    public Task Undefined_enum_number_is_400_naming_the_field() =>
        AssertInvalidPayloadAsync("locations/no-such-bin/issues", """{"item":"bracket","lotId":"lot-1","quantity":1,"purpose":77}""", "purpose");

    [Theory]
    [InlineData("{not json", "")]
    [InlineData("""{"name":"Bin"}""", "locationId")]
    [InlineData("""{"locationId":"bin-9","name":null}""", "name")]
    [InlineData("""{"locationId":42,"name":"Bin"}""", "locationId")]
    public Task Bad_payload_is_400_invalid_payload(string json, string mentions) =>
        AssertInvalidPayloadAsync("locations", json, mentions);

    /// <summary>POSTs <paramref name="json"/> as an operator and expects 400 invalid-payload whose detail names <paramref name="mentions"/>.</summary>
    private async Task AssertInvalidPayloadAsync(string path, string json, string mentions)
    {
        using var app = PlantApp.For(silo, TestKeys.Operator);
        using var response = await app.SendAsync(HttpMethod.Post, path, json, PlantApp.NewRequestId());
        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "invalid-payload");
        Assert.Contains(mentions, problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Quantity_as_text_and_unknown_enum_value_are_400_invalid_payload()
    {
        using var app = PlantApp.For(silo, TestKeys.Operator);
        var rack = await PlantSetup.LocationAsync(app);
        using var text = await app.SendAsync(HttpMethod.Post, $"locations/{rack}/receipts", """{"item":"x","lotId":"l-1","quantity":"5","unit":"kg"}""", PlantApp.NewRequestId());
        await Problem.AssertAsync(text, HttpStatusCode.BadRequest, "invalid-payload");
        using var purpose = await app.SendAsync(HttpMethod.Post, $"locations/{rack}/issues", """{"item":"x","lotId":"l-1","quantity":1,"purpose":"Theft"}""", PlantApp.NewRequestId());
        await Problem.AssertAsync(purpose, HttpStatusCode.BadRequest, "invalid-payload");
    }

    [Fact]
    public async Task Negative_quantity_is_400_from_the_twin_rule()
    {
        using var app = PlantApp.For(silo, TestKeys.Operator);
        var rack = await PlantSetup.LocationAsync(app);
        using var response = await app.PostAsync($"locations/{rack}/receipts", new { item = "x", lotId = PlantApp.NewId("lot"), quantity = -5m, unit = "kg" });
        await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "invalid-quantity");
    }

    [Fact]
    public async Task Bad_query_values_are_400()
    {
        using var app = PlantApp.For(silo, TestKeys.Operator);
        var rack = await PlantSetup.LocationAsync(app);
        var lot = await PlantSetup.LotInStockAsync(app, rack, "x", 1m);
        using var direction = await app.Http.GetAsync(app.Url($"lots/{lot}/trace?direction=sideways"));
        await Problem.AssertAsync(direction, HttpStatusCode.BadRequest, "invalid-payload");
        using var depth = await app.Http.GetAsync(app.Url($"lots/{lot}/trace?depth=100000"));
        await Problem.AssertAsync(depth, HttpStatusCode.BadRequest, "invalid-payload");
        using var notANumber = await app.Http.GetAsync(app.Url($"locations/{rack}/history?max=lots"));
        await Problem.AssertAsync(notANumber, HttpStatusCode.BadRequest, "invalid-payload");
    }

    [Theory]
    [InlineData("machines/never-registered", "machine-not-found")]
    [InlineData("work-orders/wo-none", "work-order-not-found")]
    [InlineData("lots/lot-none/trace", "lot-not-found")]
    [InlineData("locations/loc-none/history", "location-not-found")]
    public async Task Unknown_twin_is_404_with_its_kind(string relative, string code)
    {
        using var app = PlantApp.For(silo, TestKeys.Reader);
        using var response = await app.Http.GetAsync(app.Url(relative));
        await Problem.AssertAsync(response, HttpStatusCode.NotFound, code);
    }

    [Fact]
    public async Task Twin_of_another_plant_is_404_and_commands_to_unknown_twins_are_404()
    {
        using var plantA = PlantApp.For(silo, TestKeys.Operator);
        var rack = await PlantSetup.LocationAsync(plantA);
        using var plantB = PlantApp.For(silo, TestKeys.Operator);
        using var read = await plantB.Http.GetAsync(plantB.Url($"locations/{rack}"));
        await Problem.AssertAsync(read, HttpStatusCode.NotFound, "location-not-found");
        using var command = await plantB.PostAsync($"locations/{rack}/receipts", new { item = "x", lotId = "lot-1", quantity = 1m, unit = "kg" });
        await Problem.AssertAsync(command, HttpStatusCode.NotFound, "location-not-found");
    }

    [Fact]
    public async Task Issuing_more_than_is_there_is_409_insufficient_stock_and_leaves_stock_alone()
    {
        using var app = PlantApp.For(silo, TestKeys.Operator);
        var rack = await PlantSetup.LocationAsync(app);
        var lot = await PlantSetup.LotInStockAsync(app, rack, "rivets", 10m);
        using var response = await app.PostAsync($"locations/{rack}/issues", new { item = "rivets", lotId = lot, quantity = 10.5m, purpose = "Production" });
        var problem = await Problem.AssertAsync(response, HttpStatusCode.Conflict, "insufficient-stock");
        Assert.Equal("https://twin.dev/problems/insufficient-stock", problem.GetProperty("type").GetString());
        var state = await app.GetJsonAsync($"locations/{rack}");
        Assert.Equal(10m, state.GetProperty("balances").EnumerateArray().Single().GetProperty("quantity").GetDecimal());
    }

    [Fact]
    public async Task Report_on_an_unreleased_order_and_an_illegal_transition_are_409()
    {
        using var app = PlantApp.For(silo, TestKeys.Operator);
        var order = await PlantSetup.WorkOrderAsync(app, release: false);
        using var report = await app.PostAsync($"work-orders/{order}/production", new { operationSequence = 10, good = 5m });
        await Problem.AssertAsync(report, HttpStatusCode.Conflict, "order-not-released");
        using var close = await app.PostAsync($"work-orders/{order}/close", null);
        await Problem.AssertAsync(close, HttpStatusCode.Conflict, "invalid-transition");
    }

    [Fact]
    public async Task Reader_key_sending_a_command_is_403_and_nothing_is_applied()
    {
        using var app = PlantApp.For(silo, TestKeys.Reader);
        var id = PlantApp.NewId("loc");
        using var response = await app.PostAsync("locations", new { locationId = id, name = "Bin" });
        var problem = await Problem.AssertAsync(response, HttpStatusCode.Forbidden, "forbidden");
        Assert.Contains("operator", problem.GetProperty("detail").GetString());
        using var read = await app.Http.GetAsync(app.Url($"locations/{id}"));
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
    }

    [Fact]
    public async Task No_key_and_wrong_key_on_a_command_are_401()
    {
        using var anonymous = PlantApp.For(silo, apiKey: null);
        using var missing = await anonymous.PostAsync("locations", new { locationId = "bin-1", name = "Bin" });
        await Problem.AssertAsync(missing, HttpStatusCode.Unauthorized, "missing-api-key");

        using var wrong = PlantApp.For(silo, TestKeys.Operator + "x");
        using var invalid = await wrong.PostAsync("locations", new { locationId = "bin-1", name = "Bin" });
        await Problem.AssertAsync(invalid, HttpStatusCode.Unauthorized, "invalid-api-key");
    }
}
