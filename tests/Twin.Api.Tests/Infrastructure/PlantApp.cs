using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Twin.Api.Tests.Infrastructure;

/// <summary>
/// What a plant app does over HTTP, kept small: GET JSON, POST a command with an Idempotency-Key.
/// Each test gets its own plant id so tests never see each other's twins.
/// </summary>
internal sealed class PlantApp(HttpClient http, string plant) : IDisposable
{
    public string Plant { get; } = plant;
    public HttpClient Http { get; } = http;

    public static PlantApp For(ApiSiloFixture silo, string? apiKey) =>
        new(silo.CreateClient(apiKey), "plant-" + Guid.NewGuid().ToString("N")[..8]);

    public string Url(string relative) => $"/api/plants/{Plant}/{relative}";

    public async Task<JsonElement> GetJsonAsync(string relative)
    {
        using var response = await Http.GetAsync(Url(relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {relative} answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    public Task<HttpResponseMessage> PostAsync(string relative, object? body, string? requestId = null) =>
        SendAsync(HttpMethod.Post, relative, body is null ? null : JsonSerializer.Serialize(body, JsonSerializerOptions.Web), requestId ?? NewRequestId());

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string relative, string? json, string? requestId)
    {
        using var request = new HttpRequestMessage(method, Url(relative));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        if (requestId is not null)
        {
            request.Headers.Add("Idempotency-Key", requestId);
        }

        return await Http.SendAsync(request);
    }

    /// <summary>Posts a command that must succeed and returns the accepted body.</summary>
    public async Task<JsonElement> CommandAsync(string relative, object? body, string? requestId = null)
    {
        using var response = await PostAsync(relative, body, requestId);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST {relative} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    public static string NewRequestId() => Guid.NewGuid().ToString("N");

    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";

    public void Dispose() => Http.Dispose();
}
