using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Twin.Api.Security;
using Twin.Hosting;
using Twin.OpcUa.Encoding;
using Twin.OpcUa.Server;
using Twin.Testing;

namespace Twin.Integration.Tests.Platform;

/// <summary>
/// Traces and metrics of the whole path, asserted with OpenTelemetry's in-memory exporter: a counter step on a real
/// OPC UA server (our server on loopback) travels through the silo's ingest, the machine twin and the work order to an
/// ERP over HTTP; the Publish response's span, the grain calls and the ERP post are exported, the business correlation
/// id ties the ERP post to the Publish response, and the ingest and ERP meters count what happened.
/// </summary>
public sealed class TelemetryTests : IAsyncLifetime
{
    private const string Plant = "otel-plant";
    private const string Machine = "press-1";
    private static readonly NodeId GoodCount = new("Line1.Press1.GoodCount", 1);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly List<Activity> _spans = [];
    private readonly List<Metric> _metrics = [];
    private readonly string _folder = Directory.CreateTempSubdirectory("twin-otel-").FullName;
    private readonly string _key = ApiKeyHash.NewKey();
    private OpcUaServer? _server;
    private BookingErp? _erp;
    private WebApplication? _silo;
    private HttpClient? _http;

    public async Task InitializeAsync()
    {
        _server = new OpcUaServer(new OpcUaServerOptions { Port = 0, ListenAddress = "127.0.0.1" });
        var line = new NodeId("Line1", 1);
        _server.AddressSpace.AddFolder(Twin.OpcUa.Services.WellKnownNodes.ObjectsFolder, line, "Line1");
        var press = new NodeId("Line1.Press1", 1);
        _server.AddressSpace.AddObject(line, press, "Press1");
        _server.AddressSpace.AddVariable(press, GoodCount, "GoodCount", new Variant(0u), writable: true);
        await _server.StartAsync();
        _erp = BookingErp.Start();

        var plantFile = Path.Combine(_folder, "plant.json");
        await File.WriteAllTextAsync(plantFile, JsonSerializer.Serialize(new
        {
            plant = Plant,
            connections = new[]
            {
                new
                {
                    name = "line-1", endpointUrl = _server.EndpointUrl, securityPolicy = "None", publishingIntervalMs = 50, samplingIntervalMs = 0,
                    tags = new[] { new { nodeId = "ns=1;s=Line1.Press1.GoodCount", machine = Machine, signal = "GoodCount" } },
                },
            },
        }));

        var http = $"http://127.0.0.1:{FreePorts.Next()}";
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Twin:ClusterId"] = "otel-" + Guid.NewGuid().ToString("N")[..8],
            ["Twin:SiloPort"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Twin:GatewayPort"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Twin:HttpUrls"] = http,
            ["Twin:Api:Keys:0:Name"] = "otel-test",
            ["Twin:Api:Keys:0:Hash"] = ApiKeyHash.Of(_key),
            ["Twin:Api:Keys:0:Role"] = "admin",
            ["Twin:Telemetry:Tracing"] = "true",
            ["Twin:Telemetry:TraceSampleRatio"] = "1",
            ["Ingest:PlantFiles:0"] = plantFile,
            ["Erp:Connector:BaseUrl"] = _erp.BaseUrl,
            ["Erp:Posting:Window"] = "00:00:01",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddTwinPlatform();
        builder.Services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(_spans));
        builder.Services.ConfigureOpenTelemetryMeterProvider(m => m.AddInMemoryExporter(_metrics));
        _silo = builder.Build();
        _silo.MapTwinPlatform();
        using var deadline = new CancellationTokenSource(Timeout);
        await _silo.StartAsync(deadline.Token);
        _http = new HttpClient { BaseAddress = new Uri(http), Timeout = TimeSpan.FromSeconds(20) };
        _http.DefaultRequestHeaders.Add("X-Api-Key", _key);
    }

    public async Task DisposeAsync()
    {
        _http?.Dispose();
        if (_silo is not null)
        {
            await _silo.StopAsync();
            await _silo.DisposeAsync();
        }

        _erp?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_counter_step_is_traced_from_the_publish_response_through_the_twins_to_the_ERP_post_and_counted()
    {
        await CommandAsync("work-orders", new
        {
            workOrderId = "WO-OTEL-1", item = "bracket", plannedQuantity = 1000, unit = "pcs",
            routing = new[] { new { sequence = 10, workCentre = "presses", standardCycleTime = "00:00:01", machineId = Machine } },
        });
        await CommandAsync("work-orders/WO-OTEL-1/release", new { });
        await Until(async () => (await _http!.GetAsync($"/api/plants/{Plant}/machines/{Machine}")).StatusCode == HttpStatusCode.OK, "the machine twin to exist");
        await CommandAsync($"machines/{Machine}/assignment", new { workOrderId = "WO-OTEL-1", operationSequence = 10 });

        for (var good = 1u; good <= 5; good++)
        {
            _server!.AddressSpace.SetValue(GoodCount, new Variant(good));
            await Task.Delay(120);
        }

        await Until(() => Task.FromResult(_erp!.Booked >= 5m), "the ERP to book 5 good parts");
        await Until(() => Task.FromResult(Spans("erp.sync.post").Any(s => (int?)s.GetTagItem("twin.erp.booked") > 0)), "the ERP post span to be exported");

        var publishes = Spans("opcua.publish_response").Where(s => (string?)s.GetTagItem("twin.plant") == Plant).ToArray();
        Assert.NotEmpty(publishes);
        // The grain calls the Publish response made are its children: one trace from the OPC UA value into the twins.
        var traced = publishes.Select(p => p.TraceId).ToHashSet();
        var inPublishTraces = _spans.ToArray().Where(s => traced.Contains(s.TraceId)).Select(s => s.DisplayName).Distinct().ToArray();
        Assert.True(inPublishTraces.Any(n => n.Contains("AcceptSignals", StringComparison.Ordinal)), $"spans in the Publish responses' traces: {string.Join(", ", inPublishTraces)}");

        // The machine reports production to the work order after the write that holds it: that span carries the
        // Publish response's correlation id, and the work order's grain call is its child.
        var publishCorrelations = publishes.Select(p => (string?)p.GetTagItem("twin.correlation_id")).OfType<string>().ToHashSet();
        var reports = Spans("machine.report_production").Where(r => publishCorrelations.Contains((string?)r.GetTagItem("twin.correlation_id") ?? "")).ToArray();
        Assert.NotEmpty(reports);
        var reportTraces = reports.Select(r => r.TraceId).ToHashSet();
        Assert.Contains(_spans.ToArray(), s => reportTraces.Contains(s.TraceId) && s.DisplayName.Contains("IWorkOrderGrain/ReportProduction", StringComparison.Ordinal));

        // The ERP post names the correlation ids of what it booked; one of them is a Publish response's.
        var posts = Spans("erp.sync.post").Where(s => (int?)s.GetTagItem("twin.erp.booked") > 0).ToArray();
        Assert.Contains(posts, p => ((string[]?)p.GetTagItem("twin.correlation_ids") ?? []).Any(publishCorrelations.Contains));
        // The HTTP call to the ERP is a child of the post.
        var postTraces = posts.Select(p => p.TraceId).ToHashSet();
        Assert.Contains(_spans.ToArray(), s => postTraces.Contains(s.TraceId) && s.DisplayName == "erp.post_batch");

        var provider = _silo!.Services.GetRequiredService<MeterProvider>();
        provider.ForceFlush();
        Assert.True(Sum("twin.ingest.values") >= 5, $"twin.ingest.values counted {Sum("twin.ingest.values")}");
        Assert.True(Sum("twin.erp.documents", ("outcome", "booked")) >= 1, "twin.erp.documents booked");
        Assert.Contains(_metrics.ToArray(), m => m.Name == "twin.erp.posting.latency");
    }

    private Activity[] Spans(string name)
    {
        lock (_spans)
        {
            return _spans.Where(s => s.DisplayName == name || s.OperationName == name).ToArray();
        }
    }

    private long Sum(string metric, (string Key, string Value)? tag = null)
    {
        long total = 0;
        foreach (var m in _metrics.ToArray().Where(m => m.Name == metric))
        {
            foreach (ref readonly var point in m.GetMetricPoints())
            {
                if (tag is { } t)
                {
                    var match = false;
                    foreach (var pair in point.Tags)
                    {
                        match |= pair.Key == t.Key && Equals(pair.Value, t.Value);
                    }

                    if (!match)
                        continue;
                }

                total = Math.Max(total, point.GetSumLong());
            }
        }

        return total;
    }

    private async Task CommandAsync(string path, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/plants/{Plant}/{path}") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        using var response = await _http!.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task Until(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Timed out after {Timeout.TotalSeconds} s waiting for {what}");
            await Task.Delay(100);
        }
    }

    /// <summary>An ERP on loopback speaking Twin's JSON batch format that books everything it is sent.</summary>
    private sealed class BookingErp : IDisposable
    {
        private readonly HttpListener _listener = new();
        private decimal _booked;

        public string BaseUrl { get; private init; } = "";

        public decimal Booked
        {
            get
            {
                lock (_listener)
                    return _booked;
            }
        }

        public static BookingErp Start()
        {
            var port = FreePorts.Next();
            var erp = new BookingErp { BaseUrl = $"http://127.0.0.1:{port}/" };
            erp._listener.Prefixes.Add(erp.BaseUrl);
            erp._listener.Start();
            _ = Task.Run(erp.ServeAsync);
            return erp;
        }

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception) when (!_listener.IsListening)
                {
                    return;
                }

                using var document = await JsonDocument.ParseAsync(context.Request.InputStream);
                var results = new List<object>();
                foreach (var t in document.RootElement.GetProperty("transactions").EnumerateArray())
                {
                    if (t.GetProperty("kind").ToString() is "ProductionConfirmation" or "0")
                        lock (_listener)
                            _booked += t.GetProperty("quantity").GetDecimal();
                    results.Add(new { idempotencyKey = t.GetProperty("idempotencyKey").GetString(), status = "booked", documentNumber = $"DOC-{results.Count}" });
                }

                var bytes = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { results }));
                context.Response.ContentType = "application/json";
                await context.Response.OutputStream.WriteAsync(bytes);
                context.Response.Close();
            }
        }

        public void Dispose() => _listener.Close();
    }
}
