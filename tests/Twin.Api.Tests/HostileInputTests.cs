using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Twin.Api.Requests;
using Twin.Api.Tests.Infrastructure;

namespace Twin.Api.Tests;

/// <summary>
/// The hostile-input suite: every command route of the OpenAPI document gets malformed, mistyped, oversized and
/// out-of-range bodies, ids and headers, against twins that exist and twins that do not. No answer may be a 5xx
/// (each is a clear 4xx or a normal answer); every read route gets hostile query values too, and refusing large bodies must not grow the silo's memory.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class HostileInputTests(ApiSiloFixture silo)
{
    private static readonly string Huge = new('x', 100_000);

    /// <summary>Bodies that are not the shape any command expects.</summary>
    private static readonly string[] MalformedBodies =
    [
        "", "{not json", "null", "[]", "{}", "\"text\"", "123", "true",
        string.Concat(Enumerable.Repeat("{\"a\":", 5_000)) + "1" + new string('}', 5_000),
        "{\"quantity\":1e400}", "{\"x\":\"\\u0000\\ud800\"}", "{\"requestId\":" + JsonSerializer.Serialize(Huge) + "}",
    ];

    /// <summary>Values put into every field any command has (and into list elements).</summary>
    private static readonly JsonNode?[] HostileValues =
    [
        null, -1, 0, 1e30, -9.2e18, 79228162514264337593543950335m, "", " ", "\u0000", Huge, "9999-12-31T23:59:59Z",
        "-00:00:01", "99999999.23:59:59", true, new JsonArray(), new JsonObject(),
        new JsonArray(Enumerable.Range(0, 5_000).Select(_ => (JsonNode?)null).ToArray()),
    ];

    /// <summary>Query strings with every parameter a read takes, out of range or mistyped.</summary>
    private static readonly string[] HostileQueries =
    [
        "?max=-1&limit=-1&depth=-1", "?max=2147483648&limit=99999999999&depth=100000", "?max=abc&limit=1e3&depth=NaN",
        "?after=%00&direction=sideways&window=-01:00:00&onHold=maybe", "?window=99999999.00:00:00&after=" + new string('a', 5_000),
        "?item=" + new string('i', 5_000) + "&kind=%FF",
    ];

    [Fact]
    public async Task No_hostile_body_id_or_header_on_any_command_route_is_answered_with_a_5xx()
    {
        using var app = PlantApp.For(silo, TestKeys.Admin);
        var twins = await ExistingTwinsAsync(app);
        var routes = await CommandRoutesAsync(app.Http);
        Assert.True(routes.Count >= 20, $"expected the command routes in the OpenAPI document, found {routes.Count}");
        var fields = CommandFieldNames();
        var failures = new List<string>();
        var sent = 0;

        foreach (var route in routes)
        {
            foreach (var path in new[] { Fill(route, app.Plant, twins), Fill(route, app.Plant, null) })
            {
                foreach (var body in MalformedBodies)
                {
                    await ExpectNo5xxAsync(app.Http, path, body, PlantApp.NewRequestId(), failures);
                    sent++;
                }

                foreach (var value in HostileValues)
                {
                    await ExpectNo5xxAsync(app.Http, path, FieldBomb(fields, value), PlantApp.NewRequestId(), failures);
                    sent++;
                }
            }
        }

        // One field at a time: a body that is valid but for one hostile value, so the value reaches the twin's rules.
        var document = await app.Http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var pastValidation = 0;
        foreach (var route in routes)
        {
            if (Sample(document, route) is not { } sample)
                continue;
            foreach (var field in sample.Select(p => p.Key).ToArray())
            {
                foreach (var value in HostileValues)
                {
                    var body = (JsonObject)sample.DeepClone();
                    body[field] = value?.DeepClone();
                    if (await ExpectNo5xxAsync(app.Http, Fill(route, app.Plant, twins), body.ToJsonString(), PlantApp.NewRequestId(), failures) != HttpStatusCode.BadRequest)
                        pastValidation++;
                    sent++;
                }
            }
        }

        // Ids and headers: malformed route ids, an oversized and an odd Idempotency-Key, an odd correlation id.
        foreach (var id in new[] { "..", "a%00b", "%2e%2e%2fetc", new string('m', 70), "pr%C3%BCfstand", "a%20b", "%FF%FE" })
        {
            await ExpectNo5xxAsync(app.Http, $"/api/plants/{app.Plant}/machines/{id}/status", """{"status":"Running"}""", PlantApp.NewRequestId(), failures);
            await ExpectNo5xxAsync(app.Http, $"/api/plants/{id}/locations", """{"locationId":"bin-1","name":"Bin"}""", PlantApp.NewRequestId(), failures);
            sent += 2;
        }

        foreach (var key in new[] { new string('k', 10_000), "a b c", "../../x" })
        {
            await ExpectNo5xxAsync(app.Http, $"/api/plants/{app.Plant}/locations", """{"locationId":"bin-2","name":"Bin"}""", key, failures);
            sent++;
        }

        using (var odd = new HttpRequestMessage(HttpMethod.Post, $"/api/plants/{app.Plant}/locations"))
        {
            odd.Content = new StringContent("""{"locationId":"bin-3","name":"Bin"}""", Encoding.UTF8, "application/json");
            odd.Headers.TryAddWithoutValidation("Idempotency-Key", PlantApp.NewRequestId());
            odd.Headers.TryAddWithoutValidation("X-Correlation-Id", new string('c', 5_000));
            using var answer = await app.Http.SendAsync(odd);
            if ((int)answer.StatusCode >= 500)
                failures.Add($"odd correlation id → {(int)answer.StatusCode}");
            sent++;
        }

        // Reads: every GET route with hostile query values.
        foreach (var route in await ReadRoutesAsync(app.Http))
        {
            foreach (var query in HostileQueries)
            {
                // Headers only: a change-feed route that accepts the query answers a stream that never ends by itself.
                using var read = await app.Http.GetAsync(Fill(route, app.Plant, twins) + query, HttpCompletionOption.ResponseHeadersRead);
                if ((int)read.StatusCode >= 500)
                    failures.Add($"GET {route}{Shorten(query)} → {(int)read.StatusCode} {Shorten(await read.Content.ReadAsStringAsync())}");
                sent++;
            }
        }

        // The samples are valid: many single-field changes pass the API's checks and reach a twin's rules.
        Assert.True(pastValidation > 50, $"only {pastValidation} single-field bodies got past validation; the samples are not valid bodies");
        Assert.True(failures.Count == 0, $"{failures.Count} of {sent} hostile requests answered 5xx:\n{string.Join("\n", failures.Take(30))}");
    }

    [Fact]
    public async Task Refusing_a_hundred_two_megabyte_bodies_does_not_grow_the_silo()
    {
        using var app = PlantApp.For(silo, TestKeys.Operator);
        var rack = await PlantSetup.LocationAsync(app);
        var big = JsonSerializer.Serialize(new { item = "x", lotId = "lot-big", quantity = 1m, unit = new string('u', 2_000_000) });
        for (var i = 0; i < 3; i++)
            (await app.SendAsync(HttpMethod.Post, $"locations/{rack}/receipts", big, PlantApp.NewRequestId())).Dispose();
        var before = GC.GetTotalMemory(forceFullCollection: true);

        for (var i = 0; i < 100; i++)
        {
            using var refused = await app.SendAsync(HttpMethod.Post, $"locations/{rack}/receipts", big, PlantApp.NewRequestId());
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }

        var grown = GC.GetTotalMemory(forceFullCollection: true) - before;
        // 100 × 2 MB were sent; what the silo keeps afterwards must be a small fraction of it (nothing is stored).
        Assert.True(grown < 20_000_000, $"the silo's managed heap grew by {grown / 1_000_000.0:F1} MB after refusing 200 MB of oversized bodies");
        var location = await app.GetJsonAsync($"locations/{rack}");
        Assert.Empty(location.GetProperty("balances").EnumerateArray());
    }

    private static async Task<HttpStatusCode> ExpectNo5xxAsync(HttpClient http, string path, string body, string requestId, List<string> failures)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", requestId);
        using var response = await http.SendAsync(request);
        if ((int)response.StatusCode >= 500)
        {
            var text = await response.Content.ReadAsStringAsync();
            failures.Add($"POST {path} {Shorten(body)} → {(int)response.StatusCode} {Shorten(text)}");
        }

        return response.StatusCode;
    }

    private static string Shorten(string text) => text.Length <= 160 ? text : text[..160] + $"…({text.Length} chars)";

    /// <summary>Every POST route under /api/plants/{plant} of the published OpenAPI document.</summary>
    private static async Task<IReadOnlyList<string>> CommandRoutesAsync(HttpClient http)
    {
        var document = await http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        return document.GetProperty("paths").EnumerateObject()
            .Where(p => p.Name.StartsWith("/api/plants/{plant}", StringComparison.Ordinal) && p.Value.TryGetProperty("post", out _))
            .Select(p => p.Name)
            .ToArray();
    }

    /// <summary>A body that satisfies the route's request schema (ids, 1 for numbers, the first enum name, a cycle time), or null without a body.</summary>
    private static JsonObject? Sample(JsonElement document, string route)
    {
        var post = document.GetProperty("paths").GetProperty(route).GetProperty("post");
        if (!post.TryGetProperty("requestBody", out var requestBody)
            || !requestBody.GetProperty("content").TryGetProperty("application/json", out var json))
            return null;
        return SampleOf(document, json.GetProperty("schema"), "body", 0) as JsonObject;
    }

    private static JsonNode? SampleOf(JsonElement document, JsonElement schema, string name, int depth)
    {
        if (schema.TryGetProperty("$ref", out var reference))
        {
            var target = reference.GetString()!.Split('/')[^1];
            schema = document.GetProperty("components").GetProperty("schemas").GetProperty(target);
        }

        if (schema.TryGetProperty("enum", out var names) && names.GetArrayLength() > 0)
            return JsonNode.Parse(names[0].GetRawText());
        var type = schema.TryGetProperty("type", out var t) ? (t.ValueKind == JsonValueKind.Array ? t[0].GetString() : t.GetString()) : "object";
        if (type == "null" && t.ValueKind == JsonValueKind.Array && t.GetArrayLength() > 1)
            type = t[1].GetString();
        switch (type)
        {
            case "integer" or "number":
                return 1;
            case "boolean":
                return false;
            case "array" when depth < 3 && schema.TryGetProperty("items", out var items):
                return new JsonArray(SampleOf(document, items, name, depth + 1));
            case "object" when depth < 3 && schema.TryGetProperty("properties", out var properties):
                var result = new JsonObject();
                foreach (var property in properties.EnumerateObject())
                    result[property.Name] = SampleOf(document, property.Value, property.Name, depth + 1);
                return result;
            case "string":
                if (schema.TryGetProperty("format", out var format) && format.GetString() == "date-time")
                    return DateTimeOffset.UtcNow.ToString("O");
                return name.EndsWith("time", StringComparison.OrdinalIgnoreCase) ? "00:00:10" : PlantApp.NewId("hostile");
            default:
                return null;
        }
    }

    /// <summary>Every GET route under /api/plants/{plant} of the published OpenAPI document.</summary>
    private static async Task<IReadOnlyList<string>> ReadRoutesAsync(HttpClient http)
    {
        var document = await http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        return document.GetProperty("paths").EnumerateObject()
            .Where(p => p.Name.StartsWith("/api/plants/{plant}", StringComparison.Ordinal) && p.Value.TryGetProperty("get", out _))
            .Select(p => p.Name)
            .ToArray();
    }

    /// <summary>The camelCase name of every member of every command body and of its list elements.</summary>
    private static IReadOnlyList<string> CommandFieldNames()
    {
        var types = typeof(ICommandBody).Assembly.GetTypes().Where(t => t.Namespace == typeof(ICommandBody).Namespace && t.IsClass && !t.IsAbstract);
        return types.SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            .Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name))
            .Where(n => n != "equalityContract")
            .Distinct()
            .ToArray();
    }

    /// <summary>A body with <paramref name="value"/> in every field, and one element of the same kind in every list.</summary>
    private static string FieldBomb(IReadOnlyList<string> fields, JsonNode? value)
    {
        JsonObject Bomb() => new(fields.Select(f => KeyValuePair.Create(f, value?.DeepClone())));
        var body = Bomb();
        body["signals"] = new JsonArray(Bomb());
        body["routing"] = new JsonArray(Bomb());
        return body.ToJsonString();
    }

    private static string Fill(string route, string plant, IReadOnlyDictionary<string, string>? twins)
    {
        var path = route.Replace("{plant}", plant, StringComparison.Ordinal);
        var kind = path.Split('/')[4];
        var id = twins is not null && twins.TryGetValue(kind, out var existing) ? existing : "never-created";
        return path.Replace("{id}", id, StringComparison.Ordinal).Replace("{key}", "no-such-key", StringComparison.Ordinal)
            .Replace("{name}", "no-such-connection", StringComparison.Ordinal);
    }

    /// <summary>One twin of each kind, so hostile bodies also reach commands on twins that exist.</summary>
    private static async Task<IReadOnlyDictionary<string, string>> ExistingTwinsAsync(PlantApp app)
    {
        var rack = await PlantSetup.LocationAsync(app);
        var lot = await PlantSetup.LotInStockAsync(app, rack, "x", 10m);
        return new Dictionary<string, string>
        {
            ["locations"] = rack,
            ["lots"] = lot,
            ["machines"] = await PlantSetup.MachineAsync(app),
            ["work-orders"] = await PlantSetup.WorkOrderAsync(app),
        };
    }
}
