using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Twin.Benchmarks.Scenarios.ErpConnectors;

/// <summary>
/// d365-scm: production confirmations as ProdProductionOrderRouteCard messages through SendMessage to
/// samples/D365Simulator, each read back until D365's batch job processed it (status polled every 500 ms, the
/// product's default); orders in parallel (4 per batch), the messages of one order one after the other.
/// </summary>
internal sealed class D365Target : ConnectorTarget
{
    private const string ClientId = "twin-bench";
    private const string ClientSecret = "bench-d365-secret";
    private const string TokenPath = "/bench-tenant/oauth2/v2.0/token";

    public override string Kind => "d365-scm";

    public override string Simulator => "D365Simulator";

    public override string ProbePath => "/admin/stats";

    public override string BareRoundTrip => "bare status lookup (POST, bearer)";

    public override IEnumerable<string> SimulatorArguments(TimeSpan latency) =>
    [
        "--D365Simulator:ClientId", ClientId, "--D365Simulator:ClientSecret", ClientSecret, "--D365Simulator:AcceptAll=true",
        "--D365Simulator:Latency", latency.ToString("c", CultureInfo.InvariantCulture),
    ];

    public override Dictionary<string, string?> Settings(Uri simulator, IReadOnlyList<string> plants)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Kind"] = Kind,
            ["BaseUrl"] = simulator.ToString(),
            ["Auth:TokenUrl"] = new Uri(simulator, TokenPath).ToString(),
            ["Auth:ClientId"] = ClientId,
            ["Auth:ClientSecret"] = ClientSecret,
            // Steady state: after its first 10 minutes a silo looks up only keys whose send ended unknown.
            ["LookUpAfterStart"] = "00:00:00",
            ["Mapping:Units:pcs"] = "ea",
            ["Mapping:OperationNumberWidth"] = "0",
        };
        for (var i = 0; i < plants.Count; i++)
        {
            settings[$"Mapping:Plants:{plants[i]}"] = $"BM{i + 1:D2}";
        }

        return settings;
    }

    public override async Task<HttpClient> ClientAsync(Uri simulator, CancellationToken cancellationToken)
    {
        // The admin endpoints take the app's credential as Basic; the service endpoints a bearer token, taken once here.
        using var tokenClient = new HttpClient { BaseAddress = simulator, Timeout = TimeSpan.FromSeconds(30) };
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = ClientId, ["client_secret"] = ClientSecret, ["scope"] = simulator + ".default",
        });
        using var answer = await tokenClient.PostAsync(TokenPath, form, cancellationToken);
        answer.EnsureSuccessStatusCode();
        var token = (await answer.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("access_token").GetString();
        return new BearerAndBasicClient(simulator, token!, Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ClientId}:{ClientSecret}")));
    }

    public override async Task BareAsync(HttpClient client, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/services/TwinMesServices/TwinMessageStatusService/GetMessageStatus")
        {
            Content = JsonContent.Create(new Dictionary<string, string> { ["_messageKey"] = "bench-bare" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ((BearerAndBasicClient)client).Token);
        using var answer = await client.SendAsync(request, cancellationToken);
    }

    public override async Task<long> BookedAsync(HttpClient client, CancellationToken cancellationToken)
    {
        var stats = await client.GetFromJsonAsync<JsonElement>("/admin/stats", cancellationToken);
        return stats.GetProperty("processedByType").TryGetProperty("ProdProductionOrderRouteCard", out var routeCards) ? routeCards.GetInt64() : 0;
    }

    /// <summary>Basic for /admin by default; the bearer token for the service endpoints.</summary>
    private sealed class BearerAndBasicClient : HttpClient
    {
        public BearerAndBasicClient(Uri simulator, string token, string basic)
        {
            BaseAddress = simulator;
            Timeout = TimeSpan.FromSeconds(30);
            Token = token;
            DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", basic);
        }

        public string Token { get; }
    }
}
