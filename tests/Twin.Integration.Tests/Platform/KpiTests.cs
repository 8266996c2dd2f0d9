using System.Net.Http.Json;
using System.Text.Json;
using ErpSimulator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using Twin.Api.Security;
using Twin.Client;
using Twin.Contracts;
using Twin.Hosting;
using Twin.OpcUa.Encoding;
using Twin.OpcUa.Server;
using Twin.Testing;

namespace Twin.Integration.Tests.Platform;

/// <summary>
/// The plant KPIs and latency objectives end to end: a real silo (embedded profile) with an OPC UA connection to our
/// server on loopback, the ERP simulator over HTTP and two webhook receivers (one takes, one refuses). Things go wrong
/// on purpose — a receipt of an item the ERP does not know, a clerk's stock correction in the ERP, a hold left too long,
/// a receiver that refuses, a slow ERP — and the KPIs over REST and the SDK, and the metrics (in-memory exporter),
/// report each of them; the three objectives are measured from source time stamps.
/// </summary>
public sealed class KpiTests : IAsyncLifetime
{
    private const string Plant = "kpi-plant";
    private const string Machine = "press-7";
    private static readonly NodeId GoodCount = new("Line7.Press7.GoodCount", 1);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly List<Metric> _metrics = [];
    private readonly string _folder = Directory.CreateTempSubdirectory("twin-kpi-").FullName;
    private readonly string _key = ApiKeyHash.NewKey();
    private readonly string _clusterId = "kpi-" + Guid.NewGuid().ToString("N")[..8];
    private readonly int _gatewayPort = FreePorts.Next();
    private OpcUaServer? _server;
    private WebApplication? _erp;
    private WebApplication? _receivers;
    private WebApplication? _silo;
    private HttpClient? _http;
    private HttpClient? _erpAdmin;

    public async Task InitializeAsync()
    {
        _server = new OpcUaServer(new OpcUaServerOptions { Port = 0, ListenAddress = "127.0.0.1" });
        var line = new NodeId("Line7", 1);
        _server.AddressSpace.AddFolder(Twin.OpcUa.Services.WellKnownNodes.ObjectsFolder, line, "Line7");
        var press = new NodeId("Line7.Press7", 1);
        _server.AddressSpace.AddObject(line, press, "Press7");
        _server.AddressSpace.AddVariable(press, GoodCount, "GoodCount", new Variant(0u), writable: true);
        await _server.StartAsync();

        _erp = ErpSimulatorApp.Build(
            ["--urls", "http://127.0.0.1:0", "--ErpSimulator:Items:0=STEEL", "--ErpSimulator:Items:1=BRACKET",
             "--ErpSimulator:WorkOrders:0=WO-KPI-1", "--ErpSimulator:LogEachDocument=false"],
            builder => builder.Logging.ClearProviders());
        await _erp.StartAsync();
        _erpAdmin = new HttpClient { BaseAddress = new Uri(_erp.Urls.Single()), Timeout = TimeSpan.FromSeconds(10) };

        var receivers = WebApplication.CreateSlimBuilder();
        receivers.Logging.ClearProviders();
        receivers.Configuration["urls"] = "http://127.0.0.1:0";
        _receivers = receivers.Build();
        _receivers.MapPost("/ok", () => Results.NoContent());
        _receivers.MapPost("/refuse", () => Results.BadRequest("not for us"));
        await _receivers.StartAsync();

        var plantFile = Path.Combine(_folder, "plant.json");
        await File.WriteAllTextAsync(plantFile, JsonSerializer.Serialize(new
        {
            plant = Plant,
            connections = new[]
            {
                new
                {
                    name = "line-7", endpointUrl = _server.EndpointUrl, securityPolicy = "None", publishingIntervalMs = 50, samplingIntervalMs = 0,
                    tags = new[] { new { nodeId = "ns=1;s=Line7.Press7.GoodCount", machine = Machine, signal = "GoodCount" } },
                },
            },
        }));

        var http = $"http://127.0.0.1:{FreePorts.Next()}";
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Twin:ClusterId"] = _clusterId,
            ["Twin:SiloPort"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Twin:GatewayPort"] = _gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Twin:HttpUrls"] = http,
            ["Twin:Api:Keys:0:Name"] = "kpi-test",
            ["Twin:Api:Keys:0:Hash"] = ApiKeyHash.Of(_key),
            ["Twin:Api:Keys:0:Role"] = "admin",
            ["Twin:Webhooks:AllowPrivateAddresses"] = "true",
            ["Twin:Webhooks:AllowHttp"] = "true",
            ["Twin:Webhooks:PumpInterval"] = "00:00:00.050",
            ["Twin:Kpis:RefreshInterval"] = "00:00:00.200",
            ["Twin:Kpis:HoldScanInterval"] = "00:00:00.200",
            ["Twin:Kpis:QualityHoldLimit"] = "00:00:01",
            ["Twin:Kpis:ReconciliationInterval"] = "00:00:00",
            ["Twin:Kpis:ReconciliationPageSize"] = "1",
            ["Twin:Kpis:ReconciliationPagePause"] = "00:00:00",
            ["Twin:Objectives:ErpPosting"] = "00:00:01",
            ["Twin:Objectives:ReportInterval"] = "00:00:00.200",
            ["Ingest:PlantFiles:0"] = plantFile,
            ["Erp:Connector:BaseUrl"] = _erp.Urls.Single(),
            ["Erp:Posting:Window"] = "00:00:00",
            ["Erp:Outbox:MaxBatchAge"] = "00:00:00.100",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddTwinPlatform();
        builder.Services.ConfigureOpenTelemetryMeterProvider(m => m.AddInMemoryExporter(_metrics));
        _silo = builder.Build();
        _silo.MapTwinPlatform();
        using var deadline = new CancellationTokenSource(Timeout);
        await _silo.StartAsync(deadline.Token);
        _http = new HttpClient { BaseAddress = new Uri(http), Timeout = TimeSpan.FromSeconds(30) };
        _http.DefaultRequestHeaders.Add("X-Api-Key", _key);
    }

    public async Task DisposeAsync()
    {
        _http?.Dispose();
        _erpAdmin?.Dispose();
        foreach (var app in new[] { _silo, _receivers, _erp })
        {
            if (app is not null)
            {
                await app.StopAsync();
                await app.DisposeAsync();
            }
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task The_KPIs_and_objectives_report_what_went_wrong_over_REST_the_SDK_and_the_metrics()
    {
        var receivers = _receivers!.Urls.Single();
        await PostAsync("webhooks", new { url = $"{receivers}/ok", eventTypes = new[] { "goods-received", "stock-moved" } });
        await PostAsync("webhooks", new { url = $"{receivers}/refuse", eventTypes = new[] { "goods-received" } });
        await CommandAsync("locations", new { locationId = "RACK-A", name = "Rack A" });
        await CommandAsync("locations", new { locationId = "RACK-B", name = "Rack B" });
        await CommandAsync("locations", new { locationId = "RACK-C", name = "Rack C" });
        await CommandAsync("locations/RACK-A/receipts", new { item = "STEEL", lotId = "L-1", quantity = 100, unit = "kg" });
        await CommandAsync("locations/RACK-B/receipts", new { item = "UNKNOWN-ITEM", lotId = "L-2", quantity = 5, unit = "pcs" }); // the ERP refuses it
        await CommandAsync("locations/RACK-A/moves", new { item = "STEEL", lotId = "L-1", quantity = 10, destinationLocationId = "RACK-C" });
        await CommandAsync("lots/L-1/hold", new { reason = "certificate missing" });
        using (var adjusted = await _erpAdmin!.PostAsJsonAsync("/admin/stock-adjustments",
                   new { plant = Plant, location = "RACK-C", item = "STEEL", lot = "L-1", quantity = 3, unit = "kg" }))
        {
            adjusted.EnsureSuccessStatusCode(); // a clerk's correction in the ERP: RACK-C has 13 kg there, 10 in the twin
        }

        await Until(async () => (await Erp()).GetProperty("deadLetterCount").GetInt32() == 1 && (await Erp()).GetProperty("pendingCount").GetInt32() == 0,
            "the ERP to book the receipt, the move and the hold and refuse the unknown item");

        // Reconciliation: the first run sees the differences, the second confirms them (nothing moved in between).
        var first = await ReconcileAsync();
        Assert.Equal("ok", first.GetProperty("status").GetString());
        Assert.Equal(2, first.GetProperty("unconfirmedLines").GetInt32());
        Assert.Equal(3, first.GetProperty("locationsChecked").GetInt32()); // three pages of one location each
        var second = await ReconcileAsync();
        Assert.Equal("mismatch", second.GetProperty("status").GetString());
        Assert.Equal(2, second.GetProperty("mismatchedLines").GetInt32());
        var examples = second.GetProperty("examples").EnumerateArray()
            .Select(e => $"{e.GetProperty("locationId").GetString()} {e.GetProperty("item").GetString()} {e.GetProperty("twinQuantity").GetDecimal()}/{e.GetProperty("erpQuantity").GetDecimal()}")
            .Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["RACK-B UNKNOWN-ITEM 5/0", "RACK-C STEEL 10/13"], examples);

        // Production while the ERP is slow: confirmations wait longer than the 1 s ERP-posting objective.
        await SetUpProductionAsync();
        using (var slow = await _erpAdmin!.PostAsJsonAsync("/admin/faults", new { latencyMs = 2500 }))
        {
            slow.EnsureSuccessStatusCode();
        }

        for (var good = 1u; good <= 3; good++)
        {
            _server!.AddressSpace.SetValue(GoodCount, new Variant(good));
            await Task.Delay(150);
        }

        await Until(async () => (await Kpis()).GetProperty("delayedConfirmations").GetProperty("count").GetInt64() >= 1,
            "a production confirmation to be late for the ERP");
        using (var fast = await _erpAdmin!.PostAsync("/admin/faults/reset", null))
        {
            fast.EnsureSuccessStatusCode();
        }

        await Until(async () => (await Kpis()).GetProperty("delayedConfirmations").GetProperty("count").GetInt64() == 0
                && (await Kpis()).GetProperty("qualityHolds").GetProperty("overdue").GetInt32() == 1
                && (await Kpis()).GetProperty("webhookDeliveries").GetProperty("deadLetters").GetInt64() >= 1
                && Workflows(await Kpis()).All(o => o.GetProperty("count").GetInt64() > 0)
                && Workflows(await Kpis()).Single(o => o.GetProperty("workflow").GetString() == "erp-posting").GetProperty("missed").GetInt64() >= 1,
            "the confirmations to be booked late, the hold to be overdue, the refusing receiver's dead letter and every objective measured");

        var kpis = await Kpis();
        // The shape other tools read (plant view, CLI): these names are the contract.
        foreach (var name in new[] { "plant", "computedAt", "ok", "delayedConfirmations", "unpostedGoodsMovements", "inventoryMismatch", "qualityHolds", "webhookDeliveries", "connections", "objectives" })
        {
            Assert.True(kpis.TryGetProperty(name, out _), $"GET kpis has no '{name}': {kpis}");
        }

        Assert.False(kpis.GetProperty("ok").GetBoolean());
        var unposted = kpis.GetProperty("unpostedGoodsMovements");
        Assert.Equal(1, unposted.GetProperty("count").GetInt64());
        Assert.Equal(1, unposted.GetProperty("byKind").GetProperty("GoodsReceipt").GetInt64());
        Assert.Equal("mismatch", kpis.GetProperty("inventoryMismatch").GetProperty("status").GetString());
        Assert.Equal(["L-1"], kpis.GetProperty("qualityHolds").GetProperty("overdueLots").EnumerateArray().Select(l => l.GetString() ?? "").ToArray());
        Assert.Equal(1, kpis.GetProperty("webhookDeliveries").GetProperty("failingSubscriptions").GetInt32());
        Assert.Equal(1, kpis.GetProperty("connections").GetProperty("total").GetInt32());
        foreach (var objective in Workflows(kpis))
        {
            Assert.Contains(objective.GetProperty("status").GetString(), new[] { "met", "missed" });
            Assert.True(objective.GetProperty("p99Seconds").GetDouble() >= objective.GetProperty("p50Seconds").GetDouble(), objective.ToString());
        }

        var erpPosting = Workflows(kpis).Single(o => o.GetProperty("workflow").GetString() == "erp-posting");
        Assert.True(erpPosting.GetProperty("maxSeconds").GetDouble() > 1, $"the slow ERP's bookings took longer than the 1 s objective: {erpPosting}");

        // The SDK reads the same figures through the gateway.
        using var client = await SdkAsync();
        var sdk = client.Services.GetRequiredService<ITwinClient>();
        var viaSdk = await sdk.Kpis.GetAsync(Plant);
        Assert.Equal(1, viaSdk.UnpostedGoodsMovements.Count);
        Assert.Equal(2, viaSdk.InventoryMismatch.MismatchedLines);
        Assert.Equal(3, (await sdk.Kpis.GetObjectivesAsync(Plant)).Count(o => o.Count > 0));

        // Metrics for alerting: the latency histogram per workflow, the KPI gauges and each objective's compliance.
        _silo!.Services.GetRequiredService<MeterProvider>().ForceFlush();
        var metrics = _metrics.ToArray();
        Assert.Equal(["erp-posting", "machine-telemetry", "warehouse-movement"], Tags(metrics, "twin.objective.latency", "workflow").Order(StringComparer.Ordinal).ToArray());
        Assert.Equal(1, Gauge(metrics, "twin.kpi.unposted_goods_movements"));
        Assert.Equal(2, Gauge(metrics, "twin.kpi.inventory_mismatches"));
        Assert.Equal(1, Gauge(metrics, "twin.kpi.quality_holds_overdue"));
        Assert.Contains(metrics, m => m.Name == "twin.objective.compliance");
        Assert.Contains("missed", Tags(metrics, "twin.objective.latencies", "verdict"));
    }

    private async Task SetUpProductionAsync()
    {
        await CommandAsync("work-orders", new
        {
            workOrderId = "WO-KPI-1", item = "BRACKET", plannedQuantity = 1000, unit = "pcs",
            routing = new[] { new { sequence = 10, workCentre = "presses", standardCycleTime = "00:00:01", machineId = Machine } },
        });
        await CommandAsync("work-orders/WO-KPI-1/release", new { });
        await Until(async () => (await _http!.GetAsync($"/api/plants/{Plant}/machines/{Machine}")).IsSuccessStatusCode, "the machine twin to exist");
        await CommandAsync($"machines/{Machine}/assignment", new { workOrderId = "WO-KPI-1", operationSequence = 10 });
    }

    private async Task<IHost> SdkAsync()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.AddTwinClient(o =>
        {
            o.GatewayPort = _gatewayPort;
            o.ClusterId = _clusterId;
        });
        var host = builder.Build();
        using var timeout = new CancellationTokenSource(Timeout);
        await host.StartAsync(timeout.Token);
        return host;
    }

    private static IEnumerable<JsonElement> Workflows(JsonElement kpis) => kpis.GetProperty("objectives").EnumerateArray();

    private async Task<JsonElement> Kpis() => await _http!.GetFromJsonAsync<JsonElement>($"/api/plants/{Plant}/kpis");

    private async Task<JsonElement> Erp() => await _http!.GetFromJsonAsync<JsonElement>($"/api/plants/{Plant}/erp");

    private async Task<JsonElement> ReconcileAsync()
    {
        using var response = await _http!.PostAsync($"/api/plants/{Plant}/kpis/reconciliation", null);
        Assert.True(response.IsSuccessStatusCode, $"reconciliation: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task PostAsync(string path, object body)
    {
        using var response = await _http!.PostAsJsonAsync($"/api/plants/{Plant}/{path}", body);
        Assert.True(response.IsSuccessStatusCode, $"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private async Task CommandAsync(string path, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/plants/{Plant}/{path}") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        using var response = await _http!.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static IEnumerable<string> Tags(Metric[] metrics, string name, string tag)
    {
        var values = new HashSet<string>(StringComparer.Ordinal);
        foreach (var m in metrics.Where(m => m.Name == name))
        {
            foreach (ref readonly var point in m.GetMetricPoints())
            {
                var plantMatches = false;
                string? value = null;
                foreach (var pair in point.Tags)
                {
                    plantMatches |= pair.Key == "plant" && Equals(pair.Value, Plant);
                    value = pair.Key == tag ? pair.Value?.ToString() : value;
                }

                if (plantMatches && value is not null)
                {
                    values.Add(value);
                }
            }
        }

        return values;
    }

    private static long Gauge(Metric[] metrics, string name)
    {
        long? last = null;
        foreach (var m in metrics.Where(m => m.Name == name))
        {
            foreach (ref readonly var point in m.GetMetricPoints())
            {
                foreach (var pair in point.Tags)
                {
                    if (pair.Key == "plant" && Equals(pair.Value, Plant))
                    {
                        last = point.GetGaugeLastValueLong();
                    }
                }
            }
        }

        return last ?? throw new InvalidOperationException($"no {name} point for plant {Plant}");
    }

    private static async Task Until(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {Timeout.TotalSeconds} s waiting for {what}");
            }

            await Task.Delay(100);
        }
    }
}
