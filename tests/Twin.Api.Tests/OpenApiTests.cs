using System.Net.Http.Json;
using System.Text.Json;
using Twin.Api.Tests.Infrastructure;

namespace Twin.Api.Tests;

[Collection(ApiCollection.Name)]
public sealed class OpenApiTests(ApiSiloFixture silo)
{
    [Fact]
    public async Task OpenApi_document_is_served_and_describes_the_api_key_and_the_routes()
    {
        using var http = silo.CreateClient(apiKey: null);
        var document = await http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        Assert.StartsWith("3.", document.GetProperty("openapi").GetString());
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        Assert.Equal("X-Api-Key", scheme.GetProperty("name").GetString());
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.Contains("/api/me", paths);
    }
}
