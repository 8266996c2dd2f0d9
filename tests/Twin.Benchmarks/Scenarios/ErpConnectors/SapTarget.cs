using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Twin.Benchmarks.Scenarios.ErpConnectors;

/// <summary>
/// sap-s4: production confirmations as ProdnOrdConf2 in OData $batch (one changeset per document, 20 per $batch, SAP's
/// CSRF cycle) to samples/SapSimulator, which holds the order's lock for its processing time (5 ms) per changeset.
/// </summary>
internal sealed class SapTarget : ConnectorTarget
{
    private const string User = "TWIN_BENCH";
    private const string Password = "bench-secret";
    private const string Service = "/sap/opu/odata/sap/API_PROD_ORDER_CONFIRMATION_2_SRV/";

    public override string Kind => "sap-s4";

    public override string Simulator => "SapSimulator";

    public override string ProbePath => "/admin/stats";

    public override string BareRoundTrip => "bare GET of the service root";

    public override IEnumerable<string> SimulatorArguments(TimeSpan latency) =>
    [
        "--SapSimulator:User", User, "--SapSimulator:Password", Password, "--SapSimulator:AcceptAll=true",
        "--SapSimulator:Latency", latency.ToString("c", CultureInfo.InvariantCulture),
    ];

    public override Dictionary<string, string?> Settings(Uri simulator, IReadOnlyList<string> plants)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Kind"] = Kind,
            ["BaseUrl"] = simulator.ToString(),
            ["Auth:User"] = User,
            ["Auth:Password"] = Password,
            // Steady state: after its first 10 minutes a silo looks up only keys whose post ended unknown.
            ["LookUpAfterStart"] = "00:00:00",
            ["Mapping:Units:pcs"] = "ST",
        };
        for (var i = 0; i < plants.Count; i++)
        {
            settings[$"Mapping:Plants:{plants[i]}"] = (1010 + (i * 10)).ToString(CultureInfo.InvariantCulture);
        }

        return settings;
    }

    public override Task<HttpClient> ClientAsync(Uri simulator, CancellationToken cancellationToken)
    {
        var client = new HttpClient { BaseAddress = simulator, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}")));
        return Task.FromResult(client);
    }

    public override async Task BareAsync(HttpClient client, CancellationToken cancellationToken)
    {
        using var answer = await client.GetAsync(Service, cancellationToken);
    }

    public override async Task<long> BookedAsync(HttpClient client, CancellationToken cancellationToken) =>
        (await client.GetFromJsonAsync<JsonElement>("/admin/stats", cancellationToken)).GetProperty("confirmations").GetInt64();
}
