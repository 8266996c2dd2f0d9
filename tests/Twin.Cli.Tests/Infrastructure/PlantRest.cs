using System.Net.Http.Json;
using System.Text.Json;

namespace Twin.Cli.Tests.Infrastructure;

/// <summary>Sets up twins of one plant over REST (commands with an Idempotency-Key), as a plant app would.</summary>
public sealed class PlantRest(HttpClient http, string plant, string apiKey) : IDisposable
{
    public string Plant => plant;

    public async Task CommandAsync(string relative, object? body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/plants/{plant}/{relative}")
        {
            Content = JsonContent.Create(body ?? new { }, options: JsonSerializerOptions.Web),
        };
        request.Headers.Add("X-Api-Key", apiKey);
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        using var response = await http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"POST {relative} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    public Task MachineAsync(string id, string name) => CommandAsync("machines", new { machineId = id, name, workCentre = "press", idealCycleTime = "00:00:30" });

    public Task LocationAsync(string id, string name) => CommandAsync("locations", new { locationId = id, name });

    public Task ReceiveAsync(string location, string lot, string item, decimal quantity) =>
        CommandAsync($"locations/{location}/receipts", new { item, lotId = lot, quantity, unit = "kg" });

    public async Task WorkOrderAsync(string id)
    {
        await CommandAsync("work-orders", new
        {
            workOrderId = id,
            item = "BRACKET",
            plannedQuantity = 100,
            unit = "pcs",
            routing = new[] { new { sequence = 10, workCentre = "press", standardCycleTime = "00:00:30" } },
        });
        await CommandAsync($"work-orders/{id}/release", null);
    }

    public void Dispose() => http.Dispose();
}
