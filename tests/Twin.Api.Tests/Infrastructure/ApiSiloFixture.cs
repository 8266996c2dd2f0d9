using Twin.Grains.Publishing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Twin.Contracts;

namespace Twin.Api.Tests.Infrastructure;

/// <summary>
/// One web application per test run that co-hosts a real Orleans silo (localhost clustering, memory
/// storage and streams) and the REST API on Kestrel at 127.0.0.1 with an OS-chosen port: tests go
/// over real HTTP on loopback, and the SDK tests connect to the silo's gateway like an external app.
/// </summary>
public sealed class ApiSiloFixture : IAsyncLifetime
{
    public const string ClusterId = "twin-api-tests";
    public const string ServiceId = "twin-api-tests";

    /// <summary>Events each plant's change feed keeps for resuming clients in this fixture.</summary>
    public const int FeedWindow = 40;

    private WebApplication? _app;

    public Uri BaseAddress { get; private set; } = null!;
    public int GatewayPort { get; } = FreePort.Next();
    public IServiceProvider Services => _app!.Services;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(TestKeys.AsConfiguration());
        // A small change-feed window and a quick heartbeat, so the feed tests can outrun the one and see the other.
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Twin:Api:Feeds:RetainedEvents"] = FeedWindow.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Twin:Api:Feeds:Heartbeat"] = "00:00:00.300",
            // Webhook receivers are in-test Kestrels on loopback over http, retried quickly.
            ["Twin:Webhooks:AllowPrivateAddresses"] = "true",
            ["Twin:Webhooks:AllowHttp"] = "true",
            ["Twin:Webhooks:InitialRetryDelay"] = "00:00:00.100",
            ["Twin:Webhooks:MaxRetryDelay"] = "00:00:00.400",
            ["Twin:Webhooks:PumpInterval"] = "00:00:00.050",
            ["Twin:Webhooks:AttemptTimeout"] = "00:00:03",
            // Any hold is overdue at once, so the plant view's KPI part has something to show.
            ["Twin:Kpis:QualityHoldLimit"] = "00:00:00.010",
            ["Twin:Kpis:RefreshInterval"] = "00:00:00.500",
            // Machines of this class get a maintenance request after a second in Fault or Down; the others after the default.
            ["Twin:Maintenance:DownAfterByClass:quick-press"] = "00:00:01",
        });
        builder.Logging.ClearProviders().AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var siloPort = FreePort.Next();
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(siloPort, GatewayPort, serviceId: ServiceId, clusterId: ClusterId);
            // The embedded profile's providers: memory storage, memory streams (polled often so
            // change notifications arrive quickly), in-memory reminders (the ERP-sync grain keeps itself alive with one).
            silo.AddMemoryGrainStorage(TwinProviders.Storage, o => o.GrainStorageSerializer = new Twin.Grains.Persistence.TwinJsonGrainStorageSerializer());
            silo.AddMemoryGrainStorage(TwinProviders.DurableStorage, o => o.GrainStorageSerializer = new Twin.Grains.Persistence.TwinJsonGrainStorageSerializer());
            silo.AddMemoryGrainStorage("PubSubStore");
            silo.AddMemoryStreams(TwinProviders.Streams, streams =>
                streams.ConfigurePullingAgent(agent => agent.Configure(o => o.GetQueueMsgsTimerPeriod = TimeSpan.FromMilliseconds(15))));
            silo.AddMemoryStreams(TwinProviders.ErpStreams, streams =>
                streams.ConfigurePullingAgent(agent => agent.Configure(o => o.GetQueueMsgsTimerPeriod = TimeSpan.FromMilliseconds(15))));
            silo.Services.AddTwinEventPublisher(); // twins publish through the silo's batching publisher
            silo.UseInMemoryReminderService();
            Twin.Grains.Twins.CommandLimitServices.AddTwinCommandLimits(silo, builder.Configuration); // as the platform's silo does
        });
        builder.Services.AddTwinApi(builder.Configuration, generateDevelopmentKey: false);
        Twin.Grains.Webhooks.WebhookServices.AddTwinWebhooks(builder.Services, builder.Configuration);
        Twin.Grains.Kpis.KpiServices.AddTwinKpis(builder.Services, builder.Configuration);
        Twin.Grains.Machines.MaintenanceServices.AddTwinMaintenance(builder.Services, builder.Configuration);
        // A plant without OPC UA connections, as a silo started without plant files has (the connection routes need it).
        builder.Services.AddOptions<Twin.Grains.Ingest.IngestOptions>();
        builder.Services.AddSingleton<Twin.Grains.Ingest.PlantConfigurationCatalog>();

        _app = builder.Build();
        _app.UseTwinApiSecurity();
        _app.MapTwinApi();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _app.StartAsync(timeout.Token);
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        BaseAddress = new Uri(address);
    }

    /// <summary>An HTTP client for the API, with <paramref name="apiKey"/> sent as X-Api-Key when given.</summary>
    public HttpClient CreateClient(string? apiKey)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(20) };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }

        return client;
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await _app.StopAsync(timeout.Token);
            await _app.DisposeAsync();
        }
    }
}
