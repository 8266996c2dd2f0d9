using System.Net.Http.Json;
using System.Text.Json;
using Twin.Api.Tests.Infrastructure;

namespace Twin.Api.Tests;

[Collection(ApiCollection.Name)]
public sealed class OpenApiTests(ApiSiloFixture silo)
{
    [Fact]
    public async Task OpenApi_document_is_served_and_describes_the_api_key_the_routes_and_command_headers()
    {
        using var http = silo.CreateClient(apiKey: null);
        var document = await http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        Assert.StartsWith("3.", document.GetProperty("openapi").GetString());
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        Assert.Equal("X-Api-Key", scheme.GetProperty("name").GetString());

        var paths = document.GetProperty("paths");
        var names = paths.EnumerateObject().Select(p => p.Name).ToHashSet();
        foreach (var expected in new[]
        {
            "/api/me",
            "/api/plants/{plant}/machines", "/api/plants/{plant}/machines/{id}", "/api/plants/{plant}/machines/{id}/oee",
            "/api/plants/{plant}/work-orders/{id}/release", "/api/plants/{plant}/work-orders/{id}/production",
            "/api/plants/{plant}/lots/{id}/trace", "/api/plants/{plant}/lots/{id}/hold", "/api/plants/{plant}/lots/{id}/split",
            "/api/plants/{plant}/locations/{id}/moves", "/api/plants/{plant}/locations/{id}/history",
        })
        {
            Assert.Contains(expected, names);
        }

        var issue = paths.GetProperty("/api/plants/{plant}/locations/{id}/issues").GetProperty("post");
        var headers = issue.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToArray();
        Assert.Contains("Idempotency-Key", headers);
        Assert.Contains("X-Correlation-Id", headers);
        Assert.True(issue.GetProperty("responses").TryGetProperty("409", out _), "409 problem response documented on commands");

        // Operator and admin actions that are not twin commands take no request id: a generated client must not send one.
        foreach (var (path, method) in new[]
        {
            ("/api/plants/{plant}/kpis/reconciliation", "post"), ("/api/plants/{plant}/erp/dead-letters/replay", "post"),
        })
        {
            var operation = paths.GetProperty(path).GetProperty(method);
            var actionHeaders = operation.TryGetProperty("parameters", out var parameters)
                ? parameters.EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToArray()
                : [];
            Assert.DoesNotContain("Idempotency-Key", actionHeaders);
        }
    }
}
