using System.Net;
using System.Text.Json;

namespace Twin.Api.Tests.Infrastructure;

/// <summary>Reads an RFC 7807 body and checks the parts plant apps rely on.</summary>
internal static class Problem
{
    public static async Task<JsonElement> AssertAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status} {code} but got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var json = JsonDocument.Parse(body).RootElement;
        Assert.Equal((int)status, json.GetProperty("status").GetInt32());
        Assert.Equal(code, json.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("detail").GetString()), $"problem without detail: {body}");
        Assert.Equal(response.Headers.GetValues("X-Correlation-Id").Single(), json.GetProperty("correlationId").GetString());
        return json;
    }
}
