using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Twin.Api.Tests.Infrastructure;

namespace Twin.Api.Tests.PlantView;

/// <summary>
/// The plant view and its overview over real HTTP: nothing without a key or a /login session, the overview's
/// content, bounds and errors, the page's security headers, and that its script never writes markup.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class PlantViewDoorTests(ApiSiloFixture silo)
{
    [Theory]
    [InlineData("/plant")]
    [InlineData("/plant/p1")]
    [InlineData("/plant/assets/plant.js")]
    [InlineData("/api/plants/p1/overview")]
    public async Task Without_credentials_nothing_is_shown(string path)
    {
        using var http = silo.CreateClient(apiKey: null);
        using var response = await http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("missing-api-key", JsonDocument.Parse(body).RootElement.GetProperty("code").GetString());
        Assert.Contains("/login", body, StringComparison.Ordinal);
        using var wrong = silo.CreateClient("twin_00000000_not-a-configured-key");
        using var refused = await wrong.GetAsync(path);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task A_browser_without_a_session_is_sent_to_login_and_back()
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false };
        using var http = new HttpClient(handler) { BaseAddress = silo.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/plant/p1");
        request.Headers.Accept.ParseAdd("text/html");
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login?returnUrl=%2Fplant%2Fp1", response.Headers.Location!.PathAndQuery);
        Assert.DoesNotContain("plant.js", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_login_session_opens_the_page_and_the_overview_but_no_command()
    {
        using var browser = await BrowserLogin.SignInAsync(silo, TestKeys.Reader);
        var plant = PlantApp.NewId("plant");
        using var page = await browser.GetAsync($"/plant/{plant}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("/plant/assets/plant.js", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var overview = await browser.GetAsync($"/api/plants/{plant}/overview");
        Assert.Equal(HttpStatusCode.OK, overview.StatusCode);
        using var machines = await browser.GetAsync($"/api/plants/{plant}/machines"); // the rest of the API takes keys only
        await Problem.AssertAsync(machines, HttpStatusCode.Unauthorized, "missing-api-key");
    }

    [Fact]
    public async Task The_page_and_its_files_carry_a_strict_content_security_policy()
    {
        using var http = silo.CreateClient(TestKeys.Reader);
        foreach (var (path, type) in new[] { ("/plant/p1", "text/html"), ("/plant/assets/plant.js", "text/javascript"), ("/plant/assets/plant.css", "text/css") })
        {
            using var response = await http.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(type, response.Content.Headers.ContentType!.MediaType);
            var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
            Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe", policy, StringComparison.Ordinal);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());

            using var again = new HttpRequestMessage(HttpMethod.Get, path);
            again.Headers.IfNoneMatch.Add(response.Headers.ETag!);
            using var cached = await http.SendAsync(again);
            Assert.Equal(HttpStatusCode.NotModified, cached.StatusCode);
        }

        using var missing = await http.GetAsync("/plant/assets/nothing.js");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task The_script_writes_text_only()
    {
        using var http = silo.CreateClient(TestKeys.Reader);
        var script = await http.GetStringAsync("/plant/assets/plant.js");
        foreach (var sink in new[] { "innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function" })
        {
            Assert.DoesNotContain(sink, script, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Overview_shows_machines_by_line_orders_holds_erp_and_connections()
    {
        using var app = PlantApp.For(silo, TestKeys.Operator);
        var scenario = await PlantViewScenario.CreateAsync(app);
        using var reader = new PlantApp(silo.CreateClient(TestKeys.Reader), app.Plant);
        var overview = await reader.GetJsonAsync("overview");

        var machines = overview.GetProperty("machines");
        Assert.False(machines.GetProperty("more").GetBoolean());
        var press = machines.GetProperty("items").EnumerateArray().Single(m => m.GetProperty("machineId").GetString() == scenario.Press);
        Assert.Equal("line-1", press.GetProperty("line").GetString());
        Assert.Equal("Running", press.GetProperty("status").GetString());
        Assert.Equal(scenario.Order, press.GetProperty("workOrderId").GetString());
        Assert.Equal(10, press.GetProperty("operationSequence").GetInt32());
        Assert.Equal(JsonValueKind.Object, press.GetProperty("oee").ValueKind);
        var lathe = machines.GetProperty("items").EnumerateArray().Single(m => m.GetProperty("machineId").GetString() == scenario.Lathe);
        Assert.Equal("line-2", lathe.GetProperty("line").GetString());
        Assert.Equal("Idle", lathe.GetProperty("status").GetString());

        var order = overview.GetProperty("workOrders").GetProperty("items").EnumerateArray().Single();
        Assert.Equal(scenario.Order, order.GetProperty("workOrderId").GetString());
        Assert.Equal(40m, order.GetProperty("good").GetDecimal()); // the last operation's good count is what is finished
        Assert.Equal(3m, order.GetProperty("scrap").GetDecimal());
        Assert.Equal(100m, order.GetProperty("plannedQuantity").GetDecimal());

        var held = overview.GetProperty("lotsOnHold").GetProperty("items").EnumerateArray().Single();
        Assert.Equal(scenario.HeldLot, held.GetProperty("lotId").GetString());
        Assert.Equal(PlantViewScenario.HoldReason, held.GetProperty("reason").GetString());

        Assert.Equal(app.Plant, overview.GetProperty("erp").GetProperty("plant").GetString());
        Assert.Equal(JsonValueKind.Array, overview.GetProperty("connections").ValueKind);

        // The KPIs as GET /kpis answers them: the held lot is past the fixture's 10 ms hold limit.
        var kpis = overview.GetProperty("kpis");
        Assert.Equal(app.Plant, kpis.GetProperty("plant").GetString());
        Assert.False(kpis.GetProperty("ok").GetBoolean());
        Assert.Equal(1, kpis.GetProperty("qualityHolds").GetProperty("overdue").GetInt32());
        Assert.Equal(3, kpis.GetProperty("objectives").GetArrayLength());
    }

    [Fact]
    public async Task Overview_parts_are_chosen_and_unknown_parts_refused()
    {
        using var app = PlantApp.For(silo, TestKeys.Reader);
        var erpOnly = await app.GetJsonAsync("overview?parts=erp,connections");
        Assert.Equal(JsonValueKind.Null, erpOnly.GetProperty("machines").ValueKind);
        Assert.Equal(JsonValueKind.Object, erpOnly.GetProperty("erp").ValueKind);
        Assert.Equal(JsonValueKind.Null, erpOnly.GetProperty("kpis").ValueKind);
        var kpisOnly = await app.GetJsonAsync("overview?parts=kpis");
        Assert.Equal(JsonValueKind.Null, kpisOnly.GetProperty("erp").ValueKind);
        Assert.Equal(app.Plant, kpisOnly.GetProperty("kpis").GetProperty("plant").GetString());
        using var unknown = await app.Http.GetAsync(app.Url("overview?parts=machines,kpi"));
        await Problem.AssertAsync(unknown, HttpStatusCode.BadRequest, "invalid-payload");
    }

    [Fact]
    public async Task A_key_limited_to_another_plant_sees_neither_page_nor_overview()
    {
        using var http = silo.CreateClient(TestKeys.Scoped[("reader", "all")]);
        using var overview = await http.GetAsync("/api/plants/plant-elsewhere/overview");
        await Problem.AssertAsync(overview, HttpStatusCode.Forbidden, "plant-not-allowed");
        using var page = await http.GetAsync("/plant/plant-elsewhere");
        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        using var own = await http.GetAsync($"/api/plants/{TestKeys.ScopedPlant}/overview");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }

    [Fact]
    public async Task Plant_chooser_sends_a_key_limited_to_one_plant_to_its_plant()
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false };
        using var http = new HttpClient(handler) { BaseAddress = silo.BaseAddress };
        http.DefaultRequestHeaders.Add("X-Api-Key", TestKeys.Scoped[("reader", "feeds")]);
        using var chosen = await http.GetAsync("/plant");
        Assert.Equal(HttpStatusCode.Redirect, chosen.StatusCode);
        Assert.Equal($"/plant/{TestKeys.ScopedPlant}", chosen.Headers.Location!.OriginalString);

        http.DefaultRequestHeaders.Remove("X-Api-Key");
        http.DefaultRequestHeaders.Add("X-Api-Key", TestKeys.Reader);
        using var typed = await http.GetAsync("/plant?plant=p%201");
        Assert.Equal(HttpStatusCode.BadRequest, typed.StatusCode); // not a plant id: the chooser says why
        var page = await typed.Content.ReadAsStringAsync();
        Assert.Contains("plant id", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", page, StringComparison.Ordinal);
    }
}
