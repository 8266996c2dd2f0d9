using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Twin.Contracts;

namespace Twin.EndToEnd.Tests.Harness;

/// <summary>The silo's REST API as a plant app uses it, with an admin API key.</summary>
internal sealed class TwinRest(Uri baseAddress, string apiKey, string plant) : IDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly HttpClient _http = new() { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(15), DefaultRequestHeaders = { { "X-Api-Key", apiKey } } };

    public Task CreateWorkOrderAsync(string id, string item, decimal planned, string machine) =>
        CommandAsync($"work-orders", new
        {
            workOrderId = id,
            item,
            plannedQuantity = planned,
            unit = "pcs",
            routing = new[] { new { sequence = 10, workCentre = "presses", standardCycleTime = "00:00:01", machineId = machine } },
        }, $"create-{id}");

    public Task ReleaseAsync(string workOrder) => CommandAsync($"work-orders/{workOrder}/release", new { }, $"release-{workOrder}");

    public Task AssignAsync(string machine, string workOrder) =>
        CommandAsync($"machines/{machine}/assignment", new { workOrderId = workOrder, operationSequence = 10 }, $"assign-{machine}-{workOrder}");

    public async Task<WorkOrderSnapshot> WorkOrderAsync(string id) =>
        (await GetAsync<WorkOrderSnapshot>($"work-orders/{id}"))!;

    public Task<MachineSnapshot?> MachineAsync(string id) => GetAsync<MachineSnapshot>($"machines/{id}", allowNotFound: true);

    public async Task<IReadOnlyList<HistoryEntry>> MachineHistoryAsync(string id) =>
        (await GetAsync<List<HistoryEntry>>($"machines/{id}/history?max=500"))!;

    public async Task<IReadOnlyList<HistoryEntry>> WorkOrderHistoryAsync(string id) =>
        (await GetAsync<List<HistoryEntry>>($"work-orders/{id}/history?max=500"))!;

    public async Task<ErpSyncFigures> ErpFiguresAsync() => (await GetAsync<ErpSyncFigures>("erp"))!;

    public async Task<IReadOnlyList<ErpDeadLetter>> DeadLettersAsync() => (await GetAsync<List<ErpDeadLetter>>("erp/dead-letters"))!;

    public async Task<IReadOnlyList<IngestConnectionHealth>> ConnectionsAsync() => (await GetAsync<List<IngestConnectionHealth>>("connections"))!;

    public async Task<int> ReplayAllDeadLettersAsync()
    {
        using var response = await _http.PostAsync($"/api/plants/{plant}/erp/dead-letters/replay", null);
        await EnsureAsync(response, "replay all dead letters");
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Json)).GetProperty("replayed").GetInt32();
    }

    private async Task CommandAsync(string path, object body, string requestId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/plants/{plant}/{path}") { Content = JsonContent.Create(body, options: Json) };
        request.Headers.Add("Idempotency-Key", requestId);
        using var response = await _http.SendAsync(request);
        await EnsureAsync(response, $"POST {path}");
    }

    private async Task<T?> GetAsync<T>(string path, bool allowNotFound = false)
    {
        using var response = await _http.GetAsync($"/api/plants/{plant}/{path}");
        if (allowNotFound && response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return default;
        }

        await EnsureAsync(response, $"GET {path}");
        return await response.Content.ReadFromJsonAsync<T>(Json);
    }

    private static async Task EnsureAsync(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{what} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    public void Dispose() => _http.Dispose();
}
