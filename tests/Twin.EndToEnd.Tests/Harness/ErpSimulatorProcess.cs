using System.Net.Http.Json;
using System.Text.Json;
using Twin.Testing;

namespace Twin.EndToEnd.Tests.Harness;

/// <summary>samples/ErpSimulator as a real process: booking endpoint for the silo, admin (faults, master data) and audit for the tests.</summary>
internal sealed class ErpSimulatorProcess : IAsyncDisposable
{
    private readonly LineProcess _process;
    private readonly HttpClient _http;

    private ErpSimulatorProcess(LineProcess process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        _http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };
    }

    public Uri BaseAddress { get; }

    public string Output => _process.Output;

    public static async Task<ErpSimulatorProcess> StartAsync(IEnumerable<string> items)
    {
        var port = FreePorts.Next();
        var dll = BuiltAssembly.Path("samples", "ErpSimulator", "ErpSimulator.dll");
        var args = new List<string> { dll, "--urls", $"http://127.0.0.1:{port}", "--ErpSimulator:LogEachDocument=false" };
        var i = 0;
        foreach (var item in items)
        {
            args.Add($"--ErpSimulator:Items:{i++}={item}");
        }

        var process = LineProcess.Start("ERP simulator", "dotnet", args, Path.GetDirectoryName(dll),
            new Dictionary<string, string> { ["DOTNET_ENVIRONMENT"] = "Production", ["Logging__LogLevel__Default"] = "Warning" });
        var erp = new ErpSimulatorProcess(process, new Uri($"http://127.0.0.1:{port}"));
        await Eventually.Until(async () => (await erp._http.GetAsync("/health")).IsSuccessStatusCode, ok => ok, TimeSpan.FromSeconds(30),
            $"the ERP simulator to answer /health on port {port} (output: {process.Output})");
        return erp;
    }

    public Task ReleaseWorkOrderAsync(string workOrder) => PostAsync("/admin/master-data", new { workOrders = new[] { workOrder } });

    public Task FaultAsync(object command) => PostAsync("/admin/faults", command);

    public Task ResetFaultsAsync() => PostAsync("/admin/faults/reset", new { });

    public async Task<IReadOnlyList<AuditDocument>> DocumentsAsync(string workOrder)
    {
        var answer = await _http.GetFromJsonAsync<AuditAnswer>($"/audit/documents?workOrder={Uri.EscapeDataString(workOrder)}", TwinRest.Json);
        return answer!.Documents;
    }

    /// <summary>Repeats of a booked key with other content (GET /audit/stats); a key fixed by its source set keeps this 0.</summary>
    public async Task<long> ConflictingRepeatsAsync() => (await StatsAsync()).GetProperty("conflictingRepeats").GetInt64();

    public async Task<JsonElement> StatsAsync() => await _http.GetFromJsonAsync<JsonElement>("/audit/stats", TwinRest.Json);

    private async Task PostAsync(string path, object body)
    {
        using var response = await _http.PostAsJsonAsync(path, body, TwinRest.Json);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"ERP simulator {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _process.DisposeAsync();
    }

    private sealed record AuditAnswer(int Count, List<AuditDocument> Documents);
}

/// <summary>A booked document as the ERP simulator's audit lists it.</summary>
internal sealed record AuditDocument(
    string DocumentNumber,
    string IdempotencyKey,
    string Kind,
    string? WorkOrder,
    string? Operation,
    string Item,
    decimal Quantity,
    string? CorrelationId,
    IReadOnlyList<string> SourceEventIds,
    DateTimeOffset BookedAt,
    bool Final = false);
