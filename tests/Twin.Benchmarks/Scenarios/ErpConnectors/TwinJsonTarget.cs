using System.Net.Http.Json;
using System.Text.Json;

namespace Twin.Benchmarks.Scenarios.ErpConnectors;

/// <summary>twin-json: Twin's own JSON batch to samples/ErpSimulator (one POST per outbox batch of up to 100).</summary>
internal sealed class TwinJsonTarget : ConnectorTarget
{
    public override string Kind => "twin-json";

    public override string Simulator => "ErpSimulator";

    public override string ProbePath => "/health";

    public override string BareRoundTrip => "bare POST of an empty batch (400)";

    public override IEnumerable<string> SimulatorArguments(TimeSpan latency) =>
        ["--ErpSimulator:AcceptAll=true", "--ErpSimulator:LogEachDocument=false"];

    public override async Task ConfigureAsync(HttpClient admin, TimeSpan latency, CancellationToken cancellationToken)
    {
        using var answer = await admin.PostAsJsonAsync("/admin/faults", new { latencyMs = (int)latency.TotalMilliseconds }, cancellationToken);
        answer.EnsureSuccessStatusCode();
    }

    public override Dictionary<string, string?> Settings(Uri simulator, IReadOnlyList<string> plants) => new()
    {
        ["Kind"] = Kind,
        ["BaseUrl"] = simulator.ToString(),
        ["MaxBatchSize"] = "100",
    };

    public override Task<HttpClient> ClientAsync(Uri simulator, CancellationToken cancellationToken) =>
        Task.FromResult(new HttpClient { BaseAddress = simulator, Timeout = TimeSpan.FromSeconds(30) });

    public override async Task BareAsync(HttpClient client, CancellationToken cancellationToken)
    {
        using var answer = await client.PostAsJsonAsync("/api/erp/transactions/batch", new { transactions = Array.Empty<object>() }, cancellationToken);
    }

    public override async Task<long> BookedAsync(HttpClient client, CancellationToken cancellationToken) =>
        (await client.GetFromJsonAsync<JsonElement>("/audit/stats", cancellationToken)).GetProperty("booked").GetInt64();
}
