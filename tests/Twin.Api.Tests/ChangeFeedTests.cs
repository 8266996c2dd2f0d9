using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Twin.Api.Tests.Infrastructure;

namespace Twin.Api.Tests;

/// <summary>
/// The change feed (server-sent events) over real HTTP against the co-hosted silo: order and shape, filters,
/// resuming with Last-Event-ID without gaps, a position older than the window, heartbeats, and keys.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ChangeFeedTests(ApiSiloFixture silo)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Feed_delivers_the_plants_events_in_order_in_the_documented_shape()
    {
        using var app = PlantApp.For(silo, TestKeys.Reader);
        using var op = new PlantApp(silo.CreateClient(TestKeys.Operator), app.Plant);
        var location = await PlantSetup.LocationAsync(op);
        await using var feed = await OpenAsync(app.Http, app.Url("changes?type=goods-received"));

        var lots = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            lots.Add(await PlantSetup.LotInStockAsync(op, location, "steel", 10m + i));
        }

        var events = await feed.EventsAsync(5, Patience);
        var bodies = events.Select(e => JsonDocument.Parse(e.Data).RootElement).ToList();
        Assert.Equal(lots, bodies.Select(b => b.GetProperty("payload").GetProperty("lotId").GetString()));
        var sequences = events.Select(e => long.Parse(e.Id!.Split('-')[^1], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(sequences.Order(), sequences); // positions grow with the events
        var first = bodies[0];
        Assert.Equal(events[0].Id, first.GetProperty("id").GetString());
        Assert.Equal("goods-received", first.GetProperty("type").GetString());
        Assert.Equal(app.Plant, first.GetProperty("plant").GetString());
        Assert.Equal("location", first.GetProperty("twinKind").GetString());
        Assert.Equal(location, first.GetProperty("twinId").GetString());
        Assert.True(first.GetProperty("time").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));
        Assert.False(string.IsNullOrEmpty(first.GetProperty("correlationId").GetString()));
        Assert.False(string.IsNullOrEmpty(first.GetProperty("eventId").GetString()));
        Assert.Equal(1, first.GetProperty("schemaVersion").GetInt32());
        Assert.Equal(10m, first.GetProperty("payload").GetProperty("quantity").GetDecimal());
        Assert.Null(events[0].Event); // change events are plain messages: EventSource.onmessage gets them
    }

    [Fact]
    public async Task Filters_by_twin_kind_id_and_type_and_per_twin()
    {
        using var app = PlantApp.For(silo, TestKeys.Operator);
        var a = await PlantSetup.LocationAsync(app, "A");
        var b = await PlantSetup.LocationAsync(app, "B");
        await using var ofA = await OpenAsync(app.Http, app.Url($"locations/{a}/changes"));
        await using var machines = await OpenAsync(app.Http, app.Url("changes?kind=machine"));
        var lotB = PlantApp.NewId("lot");
        await using var ofLotB = await OpenAsync(app.Http, app.Url($"changes?type=goods-received,stock-issued&id={lotB}"));

        await app.CommandAsync($"locations/{b}/receipts", new { item = "steel", lotId = lotB, quantity = 5m, unit = "kg" });
        var lotA = await PlantSetup.LotInStockAsync(app, a, "steel", 7m);
        var machine = await PlantSetup.MachineAsync(app);

        // B's receipt came first; the feed of A skips it, and every event it passes concerns A.
        JsonElement ofA1;
        do
        {
            ofA1 = Body(await ofA.EventsAsync(1, Patience));
            Assert.True(ofA1.GetProperty("twinId").GetString() == a || ofA1.GetRawText().Contains(a, StringComparison.Ordinal), ofA1.GetRawText());
        }
        while (ofA1.GetProperty("type").GetString() != "goods-received");
        Assert.Equal(lotA, ofA1.GetProperty("payload").GetProperty("lotId").GetString());

        var ofB = Body(await ofLotB.EventsAsync(1, Patience));
        Assert.Equal(("goods-received", lotB), (ofB.GetProperty("type").GetString(), ofB.GetProperty("payload").GetProperty("lotId").GetString()));

        var machineEvent = Body(await machines.EventsAsync(1, Patience));
        Assert.Equal(("machine", machine), (machineEvent.GetProperty("twinKind").GetString(), machineEvent.GetProperty("twinId").GetString()));

        using var typo = await app.Http.GetAsync(app.Url("changes?type=goods-recieved"));
        var problem = await Problem.AssertAsync(typo, HttpStatusCode.BadRequest, "invalid-payload");
        Assert.Contains("goods-recieved", problem.GetProperty("detail").GetString());
        using var unknownTwin = await app.Http.GetAsync(app.Url($"lots/{PlantApp.NewId("lot")}/changes"));
        await Problem.AssertAsync(unknownTwin, HttpStatusCode.NotFound, "lot-not-found");
    }

    [Fact]
    public async Task Resuming_with_last_event_id_replays_what_was_missed_without_gaps()
    {
        using var app = PlantApp.For(silo, TestKeys.Operator);
        var location = await PlantSetup.LocationAsync(app);
        await using var reference = await OpenAsync(app.Http, app.Url("changes"));
        var seen = new List<string>();
        string last;
        await using (var client = await OpenAsync(app.Http, app.Url("changes")))
        {
            await PlantSetup.LotInStockAsync(app, location, "steel", 1m);
            await PlantSetup.LotInStockAsync(app, location, "steel", 2m);
            var before = await client.EventsAsync(2, Patience);
            seen.AddRange(before.Select(e => e.Id!));
            last = before[^1].Id!;
        }

        for (var i = 0; i < 4; i++)
        {
            await PlantSetup.LotInStockAsync(app, location, "steel", 3m + i);
        }

        // The reference feed stayed connected; once it has seen the last receipt, so has the window.
        var all = await UntilGoodsReceived(reference, 6);
        await using var resumed = await OpenAsync(app.Http, app.Url("changes"), lastEventId: last);
        var missed = await resumed.EventsAsync(all.Count - all.FindIndex(e => e.Id == last) - 1, Patience);
        seen.AddRange(missed.Select(e => e.Id!));
        var start = all.FindIndex(e => e.Id == seen[0]); // the reference may have seen the location's own event first
        Assert.Equal(all.Skip(start).Take(seen.Count).Select(e => e.Id), seen);
        Assert.Equal(seen.Distinct().Count(), seen.Count);

        await PlantSetup.LotInStockAsync(app, location, "steel", 9m); // and then it goes on live
        Assert.Equal(9m, Body(await NextOfType(resumed, "goods-received")).GetProperty("payload").GetProperty("quantity").GetDecimal());
    }

    [Fact]
    public async Task A_position_older_than_the_window_or_unknown_is_answered_with_a_reset()
    {
        using var app = PlantApp.For(silo, TestKeys.Operator);
        var location = await PlantSetup.LocationAsync(app);
        await using var reference = await OpenAsync(app.Http, app.Url("changes?type=goods-received"));
        await PlantSetup.LotInStockAsync(app, location, "steel", 1m);
        var old = (await reference.EventsAsync(1, Patience))[0].Id!;
        for (var i = 0; i <= ApiSiloFixture.FeedWindow; i++)
        {
            await PlantSetup.LotInStockAsync(app, location, "steel", 2m);
        }

        await reference.EventsAsync(ApiSiloFixture.FeedWindow + 1, Patience); // now the window is past the old position
        await using var late = await OpenAsync(app.Http, app.Url("changes"), lastEventId: old);
        var reset = (await late.EventsAsync(1, Patience))[0];
        Assert.Equal("reset", reset.Event);
        var body = JsonDocument.Parse(reset.Data).RootElement;
        Assert.Equal("position-expired", body.GetProperty("reason").GetString());
        Assert.Equal(old, body.GetProperty("lastEventId").GetString());
        Assert.Contains("no longer held", body.GetProperty("detail").GetString());
        await PlantSetup.LotInStockAsync(app, location, "steel", 3m);
        Assert.Equal(3m, Body(await NextOfType(late, "goods-received")).GetProperty("payload").GetProperty("quantity").GetDecimal());

        await using var stranger = await OpenAsync(app.Http, app.Url("changes"), lastEventId: "0badc0de-12");
        var unknown = JsonDocument.Parse((await stranger.EventsAsync(1, Patience))[0].Data).RootElement;
        Assert.Equal("position-unknown", unknown.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_quiet_feed_sends_heartbeats()
    {
        using var app = PlantApp.For(silo, TestKeys.Reader);
        await using var feed = await OpenAsync(app.Http, app.Url("changes"));
        var next = await feed.NextAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("heartbeat", next.Comment);
    }

    [Fact]
    public async Task Feed_needs_a_key()
    {
        using var app = PlantApp.For(silo, apiKey: null);
        using var none = await app.Http.GetAsync(app.Url("changes"));
        await Problem.AssertAsync(none, HttpStatusCode.Unauthorized, "missing-api-key");
        using var wrong = new PlantApp(silo.CreateClient("twin_00000000_not-a-configured-key"), app.Plant);
        using var refused = await wrong.Http.GetAsync(wrong.Url("changes"));
        await Problem.AssertAsync(refused, HttpStatusCode.Unauthorized, "invalid-api-key");
    }

    [Fact]
    public async Task A_browser_session_from_login_follows_the_feed_but_no_other_route()
    {
        // EventSource sends cookies, not headers: a person signs in at /login once, then the page follows the plant.
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() };
        using var browser = new HttpClient(handler) { BaseAddress = silo.BaseAddress };
        var page = await browser.GetStringAsync("/login");
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]*)\"").Groups[1].Value;
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["key"] = TestKeys.Reader, ["returnUrl"] = "/", ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
        });
        using var login = await browser.PostAsync("/login", form);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);

        var plant = PlantApp.NewId("plant");
        await using (await OpenAsync(browser, $"/api/plants/{plant}/changes"))
        {
        }

        using var read = await browser.GetAsync($"/api/plants/{plant}/machines"); // the rest of the API takes keys only
        await Problem.AssertAsync(read, HttpStatusCode.Unauthorized, "missing-api-key");
    }

    [Fact]
    public async Task Limiting_the_key_to_other_plants_ends_its_open_stream()
    {
        using var app = PlantApp.For(silo, TestKeys.Revocable);
        await using var feed = await OpenAsync(app.Http, app.Url("changes"));
        var configuration = (IConfigurationRoot)silo.Services.GetRequiredService<IConfiguration>();
        configuration[$"Twin:Api:Keys:{TestKeys.RevocableIndex}:Plants:0"] = "plant-elsewhere";
        configuration.Reload(); // the key is this test's alone: it stays limited to the other plant
        SseMessage next;
        do
        {
            next = await feed.NextAsync(TimeSpan.FromSeconds(5)); // heartbeats until the next check
        }
        while (next.IsComment);

        Assert.Equal("dropped", next.Event);
        Assert.Equal("access-revoked", JsonDocument.Parse(next.Data).RootElement.GetProperty("reason").GetString());
        await Assert.ThrowsAsync<EndOfStreamException>(() => feed.NextAsync(TimeSpan.FromSeconds(5)));
        using var again = await app.Http.GetAsync(app.Url("changes"));
        await Problem.AssertAsync(again, HttpStatusCode.Forbidden, "plant-not-allowed");
    }

    internal static async Task<SseReader> OpenAsync(HttpClient http, string url, string? lastEventId = null)
    {
        var (reader, response) = await SseReader.OpenAsync(http, url, lastEventId);
        if (reader is null)
        {
            Assert.Fail($"GET {url} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        return reader;
    }

    private static JsonElement Body(IReadOnlyList<SseMessage> events) => JsonDocument.Parse(events[0].Data).RootElement;

    private static async Task<List<SseMessage>> NextOfType(SseReader feed, string type)
    {
        while (true)
        {
            var next = await feed.EventsAsync(1, Patience);
            if (Body(next).GetProperty("type").GetString() == type)
            {
                return next;
            }
        }
    }

    /// <summary>Every event until the <paramref name="count"/>th goods receipt.</summary>
    private static async Task<List<SseMessage>> UntilGoodsReceived(SseReader feed, int count)
    {
        var all = new List<SseMessage>();
        while (count > 0)
        {
            var next = (await feed.EventsAsync(1, Patience))[0];
            all.Add(next);
            count -= JsonDocument.Parse(next.Data).RootElement.GetProperty("type").GetString() == "goods-received" ? 1 : 0;
        }

        return all;
    }
}
