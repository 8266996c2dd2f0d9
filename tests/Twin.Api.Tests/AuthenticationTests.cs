using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Twin.Api.Tests.Infrastructure;

namespace Twin.Api.Tests;

/// <summary>API keys and roles over real HTTP: 401 without or with a wrong key, roles seen by the API.</summary>
[Collection(ApiCollection.Name)]
public sealed class AuthenticationTests(ApiSiloFixture silo)
{
    [Fact]
    public async Task Request_without_a_key_is_401_missing_key()
    {
        using var http = silo.CreateClient(apiKey: null);
        using var response = await http.GetAsync("/api/me");
        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized, "missing-api-key");
        Assert.Contains("ApiKey", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task Request_with_an_unknown_key_is_401_invalid_key()
    {
        using var http = silo.CreateClient(apiKey: "twin_00000000_not-a-configured-key");
        using var response = await http.GetAsync("/api/me");
        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized, "invalid-api-key");
    }

    [Fact]
    public async Task Key_in_authorization_header_is_accepted_too()
    {
        using var http = silo.CreateClient(apiKey: null);
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("ApiKey", TestKeys.Operator);
        var me = await http.GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Equal("mes-line-1", me.GetProperty("key").GetString());
        Assert.Equal("operator", me.GetProperty("role").GetString());
    }

    [Theory]
    [InlineData("reader", "dashboard", new[] { "reader" })]
    [InlineData("operator", "mes-line-1", new[] { "reader", "operator" })]
    [InlineData("admin", "it-admin", new[] { "reader", "operator", "admin" })]
    public async Task Each_role_includes_the_roles_below_it(string role, string name, string[] implied)
    {
        var key = role switch { "reader" => TestKeys.Reader, "operator" => TestKeys.Operator, _ => TestKeys.Admin };
        using var http = silo.CreateClient(key);
        var me = await http.GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Equal(name, me.GetProperty("key").GetString());
        Assert.Equal(role, me.GetProperty("role").GetString());
        Assert.Equal(implied, me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!).ToArray());
    }

    [Fact]
    public async Task Caller_correlation_id_is_echoed_and_a_missing_one_is_generated()
    {
        using var http = silo.CreateClient(TestKeys.Reader);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        request.Headers.Add("X-Correlation-Id", "mes-7f3a-0001");
        using var echoed = await http.SendAsync(request);
        Assert.Equal("mes-7f3a-0001", echoed.Headers.GetValues("X-Correlation-Id").Single());

        using var generated = await http.GetAsync("/api/me");
        Assert.Matches("^[0-9a-f]{32}$", generated.Headers.GetValues("X-Correlation-Id").Single());
    }

    [Fact]
    public async Task Correlation_id_with_spaces_is_400()
    {
        using var http = silo.CreateClient(TestKeys.Reader);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        request.Headers.TryAddWithoutValidation("X-Correlation-Id", "has spaces in it");
        using var response = await http.SendAsync(request);
        await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "invalid-correlation-id");
    }
}
