using System.Net;
using System.Text.Json;
using Twin.Api.Tests.Infrastructure;

namespace Twin.Api.Tests;

/// <summary>
/// The plant's workflows as events (docs/events.md), each through the co-hosted silo to a real change-feed client or
/// webhook receiver on loopback: the WMS's put-away instructions, the QMS's hold instructions, the CMMS's
/// maintenance requests.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class WorkflowEventTests(ApiSiloFixture silo)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_finished_goods_receipt_stages_its_pallet_for_put_away_and_a_purchase_receipt_does_not()
    {
        using var app = PlantApp.For(silo, TestKeys.Operator);
        var stores = await PlantSetup.LocationAsync(app, "Stores");
        var lane = await PlantSetup.LocationAsync(app, "Staging lane 1");
        await using var feed = await ChangeFeedTests.OpenAsync(app.Http, app.Url("changes?type=goods-staged-for-put-away,goods-received"));
        var purchase = await PlantSetup.LotInStockAsync(app, stores, "steel", 40m);
        var order = await PlantSetup.WorkOrderAsync(app);
        await app.CommandAsync($"work-orders/{order}/start", null);
        var output = PlantApp.NewId("fg");
        await app.CommandAsync($"work-orders/{order}/receipts", new { lotId = output, quantity = 48m, locationId = lane, handlingUnitId = "SSCC-003401234567890128" });

        // Purchase receipt, then the output's receipt, then its staging: in this order, and nothing staged for the purchase.
        var events = (await feed.EventsAsync(3, Patience)).Select(e => JsonDocument.Parse(e.Data).RootElement).ToList();
        Assert.Equal(["goods-received", "goods-received", "goods-staged-for-put-away"], events.Select(e => e.GetProperty("type").GetString()));
        Assert.Equal(purchase, events[0].GetProperty("payload").GetProperty("lotId").GetString());
        var staged = events[2];
        Assert.Equal(("location", lane), (staged.GetProperty("twinKind").GetString(), staged.GetProperty("twinId").GetString()));
        var payload = staged.GetProperty("payload");
        Assert.Equal(["type", "version"], payload.EnumerateObject().Take(2).Select(p => p.Name)); // as docs/events.md shows it
        Assert.Equal(1, payload.GetProperty("version").GetInt32());
        Assert.Equal(lane, payload.GetProperty("locationId").GetString());
        Assert.Equal("bracket", payload.GetProperty("item").GetString());
        Assert.Equal(output, payload.GetProperty("lotId").GetString());
        Assert.Equal(48m, payload.GetProperty("quantity").GetDecimal());
        Assert.Equal("pcs", payload.GetProperty("unit").GetString());
        Assert.Equal(order, payload.GetProperty("workOrderId").GetString());
        Assert.Equal("SSCC-003401234567890128", payload.GetProperty("handlingUnitId").GetString());
        Assert.NotEqual(events[1].GetProperty("eventId").GetString(), staged.GetProperty("eventId").GetString());

        // A pallet id that is not an id is refused before anything is booked.
        using var bad = await app.PostAsync($"work-orders/{order}/receipts", new { lotId = PlantApp.NewId("fg"), quantity = 1m, locationId = lane, handlingUnitId = "pallet 7" });
        await Problem.AssertAsync(bad, HttpStatusCode.BadRequest, "invalid-id");
        using var tooLong = await app.PostAsync($"work-orders/{order}/receipts", new { lotId = PlantApp.NewId("fg"), quantity = 1m, locationId = lane, handlingUnitId = new string('7', 65) });
        await Problem.AssertAsync(tooLong, HttpStatusCode.BadRequest, "invalid-id");
    }

    [Fact]
    public async Task A_webhook_filtered_on_put_away_gets_only_the_staging()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var admin = PlantApp.For(silo, TestKeys.Admin);
        receiver.Trust(await RegisterAsync(admin, receiver, ["goods-staged-for-put-away"]));
        var lane = await PlantSetup.LocationAsync(admin, "Staging lane 2");
        await PlantSetup.LotInStockAsync(admin, lane, "steel", 5m);
        var order = await PlantSetup.WorkOrderAsync(admin);
        await admin.CommandAsync($"work-orders/{order}/start", null);
        var output = PlantApp.NewId("fg");
        await admin.CommandAsync($"work-orders/{order}/receipts", new { lotId = output, quantity = 12m, locationId = lane });

        var message = Assert.Single(await receiver.WaitForAsync(1, Patience));
        Assert.Equal("goods-staged-for-put-away", message.Body.GetProperty("type").GetString());
        var payload = message.Body.GetProperty("data").GetProperty("payload");
        Assert.Equal(output, payload.GetProperty("lotId").GetString());
        Assert.Equal(JsonValueKind.Null, payload.GetProperty("handlingUnitId").ValueKind);
        Assert.Equal(0, receiver.Unverified);
    }

    [Fact]
    public async Task A_qms_hold_and_release_with_its_reason_code_become_instructions_naming_each_location_and_quantity()
    {
        using var qms = PlantApp.For(silo, TestKeys.Operator);
        var rack = await PlantSetup.LocationAsync(qms, "Rack A");
        var line = await PlantSetup.LocationAsync(qms, "Line side 3");
        var lot = await PlantSetup.LotInStockAsync(qms, rack, "steel", 30m);
        await qms.CommandAsync($"locations/{rack}/moves", new { destinationLocationId = line, item = "steel", lotId = lot, quantity = 10m });
        await using var feed = await ChangeFeedTests.OpenAsync(qms.Http, qms.Url("changes?type=quality-hold-instruction,quality-release-instruction"));
        await using var ofLine = await ChangeFeedTests.OpenAsync(qms.Http, qms.Url($"locations/{line}/changes?type=quality-hold-instruction"));

        await qms.CommandAsync($"lots/{lot}/hold", new { reason = "porosity found in sample 3", status = "Blocked", user = "qms", reasonCode = "QN-2026-00042" });
        var hold = Body(await feed.EventsAsync(1, Patience));
        Assert.Equal(("quality-hold-instruction", "lot", lot), (hold.GetProperty("type").GetString(), hold.GetProperty("twinKind").GetString(), hold.GetProperty("twinId").GetString()));
        var held = hold.GetProperty("payload");
        Assert.Equal(1, held.GetProperty("version").GetInt32());
        Assert.Equal(lot, held.GetProperty("lotId").GetString());
        Assert.Equal("steel", held.GetProperty("item").GetString());
        Assert.Equal("Blocked", held.GetProperty("status").GetString());
        Assert.Equal("porosity found in sample 3", held.GetProperty("reason").GetString());
        Assert.Equal("QN-2026-00042", held.GetProperty("reasonCode").GetString());
        Assert.Equal("qms", held.GetProperty("user").GetString());
        Assert.Equal((30m, "kg"), (held.GetProperty("lotQuantity").GetDecimal(), held.GetProperty("unit").GetString()));
        Assert.Equal([(rack, 20m), (line, 10m)], Locations(held));
        Assert.Equal(hold.GetProperty("eventId").GetString(), Body(await ofLine.EventsAsync(1, Patience)).GetProperty("eventId").GetString()); // the line's own feed has it
        var snapshot = await qms.GetJsonAsync($"lots/{lot}");
        Assert.Equal("QN-2026-00042", snapshot.GetProperty("hold").GetProperty("reasonCode").GetString());

        await qms.CommandAsync($"lots/{lot}/release", new { reason = "re-inspected", user = "qms", reasonCode = "QN-2026-00042/OK" });
        var release = Body(await feed.EventsAsync(1, Patience));
        Assert.Equal("quality-release-instruction", release.GetProperty("type").GetString());
        var released = release.GetProperty("payload");
        Assert.Equal(("re-inspected", "QN-2026-00042/OK"), (released.GetProperty("reason").GetString(), released.GetProperty("reasonCode").GetString()));
        Assert.Equal([(rack, 20m), (line, 10m)], Locations(released));

        // Without a code it is null; a code longer than 64 characters is refused and the lot stays as it is.
        await qms.CommandAsync($"lots/{lot}/hold", new { reason = "second look", user = "qms" });
        Assert.Equal(JsonValueKind.Null, Body(await feed.EventsAsync(1, Patience)).GetProperty("payload").GetProperty("reasonCode").ValueKind);
        using var tooLong = await qms.PostAsync($"lots/{lot}/release", new { reason = "ok", user = "qms", reasonCode = new string('Q', 65) });
        await Problem.AssertAsync(tooLong, HttpStatusCode.BadRequest, "value-too-long");
        Assert.Equal("QualityHold", (await qms.GetJsonAsync($"lots/{lot}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_machine_down_longer_than_its_class_allows_gets_one_maintenance_request_closed_when_it_runs_again()
    {
        using var app = PlantApp.For(silo, TestKeys.Operator);
        var quick = PlantApp.NewId("press");
        var slow = PlantApp.NewId("press");
        await app.CommandAsync("machines", new { machineId = quick, name = "Press 7", workCentre = "press", machineClass = "quick-press" });
        await app.CommandAsync("machines", new { machineId = slow, name = "Press 8", workCentre = "press" }); // default: 30 minutes
        await using var feed = await ChangeFeedTests.OpenAsync(app.Http, app.Url("changes?type=maintenance-requested,maintenance-request-closed"));
        await app.CommandAsync($"machines/{slow}/status", new { status = "Running" });
        await app.CommandAsync($"machines/{quick}/status", new { status = "Running" });
        await app.CommandAsync($"machines/{slow}/status", new { status = "Down", reason = "tool change" });
        await app.CommandAsync($"machines/{quick}/status", new { status = "Fault", reason = "hydraulic pressure low" });
        var stoppedAt = DateTimeOffset.UtcNow;
        await app.CommandAsync($"machines/{quick}/status", new { status = "Down", reason = "waiting for fitter" });

        var request = Body(await feed.EventsAsync(1, Patience));
        Assert.True(DateTimeOffset.UtcNow - stoppedAt >= TimeSpan.FromSeconds(0.9), "the request came before the class's second had passed");
        Assert.Equal(("maintenance-requested", "machine", quick), (request.GetProperty("type").GetString(), request.GetProperty("twinKind").GetString(), request.GetProperty("twinId").GetString()));
        var asked = request.GetProperty("payload");
        Assert.Equal(1, asked.GetProperty("version").GetInt32());
        Assert.Equal(quick, asked.GetProperty("machineId").GetString());
        Assert.Equal(("quick-press", "press"), (asked.GetProperty("machineClass").GetString(), asked.GetProperty("workCentre").GetString()));
        Assert.Equal("Down", asked.GetProperty("status").GetString());
        Assert.Equal("waiting for fitter", asked.GetProperty("lastReason").GetString());
        Assert.Equal(TimeSpan.FromSeconds(1), TimeSpan.Parse(asked.GetProperty("downAfter").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        var downtime = TimeSpan.Parse(asked.GetProperty("downtime").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(downtime >= TimeSpan.FromSeconds(1) && downtime < Patience, $"downtime {downtime}");
        var stoppedSince = asked.GetProperty("stoppedSince").GetDateTimeOffset(); // counted from the fault, not from Down
        Assert.True((stoppedSince - stoppedAt).Duration() < TimeSpan.FromSeconds(1), $"stopped since {stoppedSince:O}, fault sent at {stoppedAt:O}");
        Assert.True((await app.GetJsonAsync($"machines/{quick}")).GetProperty("maintenanceRequested").GetBoolean());

        await app.CommandAsync($"machines/{quick}/status", new { status = "Setup", reason = "new seal fitted" });
        await app.CommandAsync($"machines/{quick}/status", new { status = "Running" });
        var close = Body(await feed.EventsAsync(1, Patience));
        Assert.Equal(("maintenance-request-closed", quick), (close.GetProperty("type").GetString(), close.GetProperty("twinId").GetString()));
        var closed = close.GetProperty("payload");
        Assert.Equal(1, closed.GetProperty("version").GetInt32());
        Assert.Equal(stoppedSince, closed.GetProperty("stoppedSince").GetDateTimeOffset());
        var total = TimeSpan.Parse(closed.GetProperty("downtime").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(closed.GetProperty("runningSince").GetDateTimeOffset() - stoppedSince, total);
        Assert.True(total >= downtime);
        Assert.False((await app.GetJsonAsync($"machines/{quick}")).GetProperty("maintenanceRequested").GetBoolean());

        // The slow machine has been down all along: its class has no time of its own, so the default applies and nothing came.
        await app.CommandAsync($"machines/{quick}/status", new { status = "Fault", reason = "second fault" });
        var again = Body(await feed.EventsAsync(1, Patience));
        Assert.Equal(("maintenance-requested", quick), (again.GetProperty("type").GetString(), again.GetProperty("twinId").GetString()));
        Assert.NotEqual(request.GetProperty("eventId").GetString(), again.GetProperty("eventId").GetString());
    }

    [Fact]
    public async Task A_fault_from_the_machines_status_signal_reaches_a_cmms_webhook_as_a_maintenance_request()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var admin = PlantApp.For(silo, TestKeys.Admin);
        receiver.Trust(await RegisterAsync(admin, receiver, ["maintenance-requested", "maintenance-request-closed"]));
        var machine = PlantApp.NewId("press");
        await admin.CommandAsync("machines", new { machineId = machine, name = "Press 9", machineClass = "quick-press" });
        await admin.CommandAsync($"machines/{machine}/signals", new { signals = new[] { new { name = "status", text = "Running" } } });
        await admin.CommandAsync($"machines/{machine}/signals", new { signals = new[] { new { name = "status", text = "Fault" } } });

        var request = Assert.Single(await receiver.WaitForAsync(1, Patience));
        Assert.Equal("maintenance-requested", request.Body.GetProperty("type").GetString());
        Assert.Equal("Fault", request.Body.GetProperty("data").GetProperty("payload").GetProperty("status").GetString());
        Assert.Equal("signal", request.Body.GetProperty("data").GetProperty("payload").GetProperty("lastReason").GetString());

        await admin.CommandAsync($"machines/{machine}/signals", new { signals = new[] { new { name = "status", text = "Running" } } });
        var messages = await receiver.WaitForAsync(2, Patience);
        Assert.Equal("maintenance-request-closed", messages[1].Body.GetProperty("type").GetString());
        Assert.Equal(0, receiver.Unverified);
    }

    private static JsonElement Body(IReadOnlyList<SseMessage> events) => JsonDocument.Parse(events[0].Data).RootElement;

    private static List<(string, decimal)> Locations(JsonElement payload) =>
        [.. payload.GetProperty("locations").EnumerateArray().Select(l => (l.GetProperty("locationId").GetString()!, l.GetProperty("quantity").GetDecimal()))];

    internal static async Task<string> RegisterAsync(PlantApp admin, WebhookReceiver receiver, string[] eventTypes)
    {
        using var response = await admin.PostAsync("webhooks", new { url = receiver.Url.ToString(), eventTypes });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"register answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("secret").GetString()!;
    }
}
