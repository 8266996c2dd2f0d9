using System.Net.Http.Json;
using System.Text.Json;
using Twin.Benchmarks.Harness;

namespace Twin.Benchmarks.Scenarios.PlantScale;

/// <summary>samples/ErpSimulator as its own process (so its growing books are not in the silo's memory figures), accepting every item and work order.</summary>
public sealed class ErpProcess : IAsyncDisposable
{
    private readonly SampleProcess _process;
    private readonly HttpClient _http;

    private ErpProcess(SampleProcess process, string baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
        _http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(30) };
    }

    public string BaseUrl { get; }

    public static async Task<ErpProcess> StartAsync(CancellationToken cancellationToken)
    {
        var sample = await SampleProcess.StartAsync("ErpSimulator", ["--ErpSimulator:AcceptAll=true", "--ErpSimulator:LogEachDocument=false"], "/health", cancellationToken);
        return new ErpProcess(sample, sample.BaseAddress.ToString().TrimEnd('/'));
    }

    /// <summary>Booked quantity per kind (ProductionConfirmation, Scrap, …) for one work order, and whether any idempotency key or source event was booked twice.</summary>
    public async Task<(IReadOnlyDictionary<string, decimal> ByKind, int Duplicates)> BookedAsync(string workOrder, CancellationToken cancellationToken)
    {
        var answer = await _http.GetFromJsonAsync<JsonElement>($"/audit/documents?workOrder={Uri.EscapeDataString(workOrder)}", cancellationToken);
        var byKind = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var duplicates = 0;
        foreach (var document in answer.GetProperty("documents").EnumerateArray())
        {
            var kind = document.GetProperty("kind").GetString()!;
            byKind[kind] = byKind.GetValueOrDefault(kind) + document.GetProperty("quantity").GetDecimal();
            if (!keys.Add(document.GetProperty("idempotencyKey").GetString()!))
            {
                duplicates++;
            }
        }

        return (byKind, duplicates);
    }

    /// <summary>Documents booked so far (GET /audit/stats: new bookings, not answers "already booked").</summary>
    public async Task<(long Booked, long AlreadyBooked)> StatsAsync(CancellationToken cancellationToken)
    {
        var stats = await _http.GetFromJsonAsync<JsonElement>("/audit/stats", cancellationToken);
        return (stats.GetProperty("booked").GetInt64(), stats.GetProperty("alreadyBooked").GetInt64());
    }

    /// <summary>Starts an outage (every post answered 503) or ends all outages.</summary>
    public async Task OutageAsync(bool down, CancellationToken cancellationToken)
    {
        object command = down ? new { outageSeconds = 86_400 } : new { endOutages = true };
        using var answer = await _http.PostAsJsonAsync("/admin/faults", command, cancellationToken);
        answer.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _process.DisposeAsync();
    }
}
