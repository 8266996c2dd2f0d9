using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Twin.Api.Security;
using Twin.Hosting;
using Twin.Hosting.Pipeline;

namespace Twin.Benchmarks.Harness;

/// <summary>
/// A real Twin silo (AddTwinPlatform, as Silo/Program.cs builds it) hosted in the benchmark process, on free
/// ports, with an admin API key the benchmark knows. In-process so the managed heap per twin can be measured
/// directly; clients (SDK reader, wrk) still come from other processes.
/// </summary>
public sealed class BenchmarkSilo : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BenchmarkSilo(WebApplication app, int gatewayPort, string httpUrl, string apiKey)
    {
        _app = app;
        GatewayPort = gatewayPort;
        HttpUrl = httpUrl;
        ApiKey = apiKey;
    }

    public int GatewayPort { get; }

    public string HttpUrl { get; }

    public string ApiKey { get; }

    public IServiceProvider Services => _app.Services;

    public IGrainFactory Grains => _app.Services.GetRequiredService<IGrainFactory>();

    /// <param name="settings">More configuration (e.g. ConnectionStrings:Twin for the PostgreSQL profile, Ingest:PlantFiles).</param>
    /// <param name="withPipeline">Also registers ingest and ERP sync (AddTwinPipeline; registering it twice is harmless).</param>
    /// <param name="cancellationToken">Stops waiting for the silo to start.</param>
    public static async Task<BenchmarkSilo> StartAsync(
        IReadOnlyDictionary<string, string?>? settings = null, bool withPipeline = false, CancellationToken cancellationToken = default)
    {
        var gatewayPort = FreePorts.Next();
        var httpUrl = $"http://127.0.0.1:{FreePorts.Next()}";
        var apiKey = ApiKeyHash.NewKey();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Twin:SiloPort"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Twin:GatewayPort"] = gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Twin:HttpUrls"] = httpUrl,
            ["Twin:Api:Keys:0:Name"] = "benchmark",
            ["Twin:Api:Keys:0:Hash"] = ApiKeyHash.Of(apiKey),
            ["Twin:Api:Keys:0:Role"] = TwinRoles.Admin,
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        // Information logging (requests, stream agents) would cost more than what is measured. This rule is added after
        // appsettings' "Default" level, so it wins; it is provider-neutral on purpose: a console-provider rule would
        // also override the silo's own category rules (the quiet-while-stopping ones among them).
        builder.Logging.ClearProviders().AddConsole().AddFilter((string?)null, LogLevel.Warning);
        builder.AddTwinPlatform();
        if (withPipeline)
        {
            builder.Services.AddTwinPipeline(builder.Configuration);
        }

        var app = builder.Build();
        app.MapTwinPlatform();
        await app.StartAsync(cancellationToken);
        return new BenchmarkSilo(app, gatewayPort, httpUrl, apiKey);
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }
}
