using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Twin.Api.Tests.Infrastructure;

namespace Twin.Api.Tests;

/// <summary>A retried command (same request id) returns the first outcome and applies nothing twice.</summary>
[Collection(ApiCollection.Name)]
public sealed class IdempotencyTests(ApiSiloFixture silo)
{
    [Fact]
    public async Task Retried_receipt_with_the_same_idempotency_key_is_applied_once_and_answered_the_same()
    {
        using var app = PlantApp.For(silo, TestKeys.Operator);
        var rack = await PlantSetup.LocationAsync(app);
        var lot = PlantApp.NewId("lot");
        var requestId = PlantApp.NewRequestId();
        var receipt = new { item = "bolts", lotId = lot, quantity = 500m, unit = "pcs" };

        using var first = await app.PostAsync($"locations/{rack}/receipts", receipt, requestId);
        using var retry = await app.PostAsync($"locations/{rack}/receipts", receipt, requestId);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        var firstBody = await first.Content.ReadFromJsonAsync<JsonElement>();
        var retryBody = await retry.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(requestId, retryBody.GetProperty("requestId").GetString());
        Assert.True(retryBody.GetProperty("duplicate").GetBoolean());
        Assert.Equal(firstBody.GetProperty("version").GetInt64(), retryBody.GetProperty("version").GetInt64());

        var state = await app.GetJsonAsync($"locations/{rack}");
        Assert.Equal(500m, state.GetProperty("balances").EnumerateArray().Single().GetProperty("quantity").GetDecimal());
    }

    [Fact]
    public async Task Retried_create_is_201_again_and_a_retried_rejection_is_the_same_409()
    {
        using var app = PlantApp.For(silo, TestKeys.Operator);
        var id = PlantApp.NewId("loc");
        var requestId = PlantApp.NewRequestId();
        using (var created = await app.PostAsync("locations", new { locationId = id, name = "Bin 7" }, requestId))
        using (var again = await app.PostAsync("locations", new { locationId = id, name = "Bin 7" }, requestId))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            Assert.Equal(HttpStatusCode.Created, again.StatusCode);
            Assert.Equal(created.Headers.Location, again.Headers.Location);
        }

        var lot = await PlantSetup.LotInStockAsync(app, id, "nuts", 10m);
        var overIssue = PlantApp.NewRequestId();
        using (var rejected = await app.PostAsync($"locations/{id}/issues", new { item = "nuts", lotId = lot, quantity = 11m, purpose = "Shipment" }, overIssue))
        {
            await Problem.AssertAsync(rejected, HttpStatusCode.Conflict, "insufficient-stock");
        }

        using var replayed = await app.PostAsync($"locations/{id}/issues", new { item = "nuts", lotId = lot, quantity = 11m, purpose = "Shipment" }, overIssue);
        await Problem.AssertAsync(replayed, HttpStatusCode.Conflict, "insufficient-stock");
        Assert.Equal("true", replayed.Headers.GetValues("Idempotent-Replayed").Single());
    }

    [Fact]
    public async Task Request_id_may_come_in_the_body_and_a_retried_move_moves_once()
    {
        using var app = PlantApp.For(silo, TestKeys.Operator);
        var from = await PlantSetup.LocationAsync(app);
        var to = await PlantSetup.LocationAsync(app);
        var lot = await PlantSetup.LotInStockAsync(app, from, "washers", 100m);
        var move = new { destinationLocationId = to, item = "washers", lotId = lot, quantity = 40m, requestId = "scanner-move-0001" };

        using (var first = await app.SendAsync(HttpMethod.Post, $"locations/{from}/moves", JsonSerializer.Serialize(move, JsonSerializerOptions.Web), requestId: null))
        using (var retry = await app.SendAsync(HttpMethod.Post, $"locations/{from}/moves", JsonSerializer.Serialize(move, JsonSerializerOptions.Web), requestId: null))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
            Assert.Equal("scanner-move-0001", retry.Headers.GetValues("Idempotency-Key").Single());
        }

        var source = await app.GetJsonAsync($"locations/{from}");
        var destination = await app.GetJsonAsync($"locations/{to}");
        Assert.Equal(60m, source.GetProperty("balances").EnumerateArray().Sum(b => b.GetProperty("quantity").GetDecimal()));
        Assert.Equal(40m, destination.GetProperty("balances").EnumerateArray().Sum(b => b.GetProperty("quantity").GetDecimal()));
    }

    [Fact]
    public async Task Command_without_request_id_is_400_and_applies_nothing()
    {
        using var app = PlantApp.For(silo, TestKeys.Operator);
        var id = PlantApp.NewId("loc");
        using var response = await app.SendAsync(HttpMethod.Post, "locations", $$"""{"locationId":"{{id}}","name":"Bin"}""", requestId: null);
        await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "missing-request-id");
        using var read = await app.Http.GetAsync(app.Url($"locations/{id}"));
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
    }

    [Fact]
    public async Task Different_request_ids_in_header_and_body_are_400()
    {
        using var app = PlantApp.For(silo, TestKeys.Operator);
        using var response = await app.SendAsync(HttpMethod.Post, "locations", """{"locationId":"bin-1","name":"Bin","requestId":"a-1"}""", requestId: "b-2");
        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "missing-request-id");
        Assert.Contains("differ", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Correlation_id_sent_with_a_command_is_recorded_in_the_twin_history()
    {
        using var app = PlantApp.For(silo, TestKeys.Operator);
        var id = PlantApp.NewId("loc");
        using var request = new HttpRequestMessage(HttpMethod.Post, app.Url("locations")) { Content = JsonContent.Create(new { locationId = id, name = "Dock" }) };
        request.Headers.Add("Idempotency-Key", PlantApp.NewRequestId());
        request.Headers.Add("X-Correlation-Id", "erp-asn-4711");
        using var response = await app.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("erp-asn-4711", response.Headers.GetValues("X-Correlation-Id").Single());
        var history = await app.GetJsonAsync($"locations/{id}/history");
        var entry = history.EnumerateArray().Single();
        Assert.Equal("erp-asn-4711", entry.GetProperty("correlationId").GetString());
        Assert.Equal("mes-line-1", entry.GetProperty("user").GetString());
    }

    [Fact]
    public async Task Idempotency_key_reused_with_another_body_is_422_and_applies_nothing()
    {
        using var app = PlantApp.For(silo, TestKeys.Operator);
        var rack = await PlantSetup.LocationAsync(app);
        var lot = PlantApp.NewId("lot");
        var requestId = PlantApp.NewRequestId();
        using var first = await app.PostAsync($"locations/{rack}/receipts", new { item = "bolts", lotId = lot, quantity = 500m, unit = "pcs" }, requestId);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        using var otherQuantity = await app.PostAsync($"locations/{rack}/receipts", new { item = "bolts", lotId = lot, quantity = 900m, unit = "pcs" }, requestId);
        var problem = await Problem.AssertAsync(otherQuantity, (HttpStatusCode)422, "idempotency-key-reused");
        Assert.Contains(requestId, problem.GetProperty("detail").GetString());
        using var otherCommand = await app.PostAsync($"locations/{rack}/issues", new { item = "bolts", lotId = lot, quantity = 1m, purpose = "Scrap" }, requestId);
        await Problem.AssertAsync(otherCommand, (HttpStatusCode)422, "idempotency-key-reused");

        // The true retry is still answered as one, also when the request id moves from the header into the body.
        using var retry = await app.SendAsync(HttpMethod.Post, $"locations/{rack}/receipts",
            $$"""{"unit":"pcs","quantity":500,"lotId":"{{lot}}","item":"bolts","requestId":"{{requestId}}"}""", null);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.True((await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("duplicate").GetBoolean());
        var state = await app.GetJsonAsync($"locations/{rack}");
        Assert.Equal(500m, state.GetProperty("balances").EnumerateArray().Single().GetProperty("quantity").GetDecimal());
    }
}
