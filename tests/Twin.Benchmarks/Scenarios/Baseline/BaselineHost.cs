using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Orleans;
using Orleans.Hosting;
using Twin.Benchmarks.Harness;

namespace Twin.Benchmarks.Scenarios.Baseline;

/// <summary>
/// The baseline's own tiny host: a plain Orleans silo (localhost clustering, memory storage, memory streams and,
/// when given a database, ADO.NET streams on PostgreSQL) with an ASP.NET Core minimal API on the same
/// WebApplication, as the Twin silo is built — but with none of Twin's code, options or middleware.
/// </summary>
public sealed class BaselineHost : IAsyncDisposable
{
    public const string ServiceId = "twin-baseline";
    public const string Storage = "bare-store";
    public const string MemoryStreams = "bare-memory";
    public const string AdoStreams = "bare-adonet";

    private readonly WebApplication _app;

    private BaselineHost(WebApplication app, int gatewayPort, string httpUrl)
    {
        _app = app;
        GatewayPort = gatewayPort;
        HttpUrl = httpUrl;
    }

    public int GatewayPort { get; }

    public string HttpUrl { get; }

    public IGrainFactory Grains => _app.Services.GetRequiredService<IGrainFactory>();

    public IClusterClient Client => _app.Services.GetRequiredService<IClusterClient>();

    /// <summary>Starts the host; with <paramref name="adoNetConnectionString"/> (a migrated Twin database) ADO.NET streams are added on it.</summary>
    public static async Task<BaselineHost> StartAsync(string? adoNetConnectionString, CancellationToken cancellationToken)
    {
        var gatewayPort = FreePorts.Next();
        var siloPort = FreePorts.Next();
        var httpUrl = $"http://127.0.0.1:{FreePorts.Next().ToString(CultureInfo.InvariantCulture)}";
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls(httpUrl);
        builder.Logging.ClearProviders().AddConsole().AddFilter<ConsoleLoggerProvider>(null, LogLevel.Warning);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(siloPort, gatewayPort, serviceId: ServiceId, clusterId: ServiceId);
            silo.AddMemoryGrainStorage(Storage);
            silo.AddMemoryGrainStorage("PubSubStore");
            // Orleans' defaults except the cache age (5 minutes by default grows RSS by ~1 GB per 20 s at these rates: docs/architecture.md).
            silo.AddMemoryStreams(MemoryStreams, streams => streams.ConfigureCacheEviction(o => o.Configure(e =>
            {
                e.DataMaxAgeInCache = TimeSpan.FromSeconds(10);
                e.DataMinTimeInCache = TimeSpan.FromSeconds(5);
            })));
            if (adoNetConnectionString is not null)
            {
                silo.AddAdoNetStreams(AdoStreams, o =>
                {
                    o.Invariant = "Npgsql";
                    o.ConnectionString = adoNetConnectionString;
                });
            }
        });

        var app = builder.Build();
        // The bare minimal API: one grain call, JSON out. Same load generator and settings as the Twin REST figure.
        app.MapGet("/bare/{id:long}", async (long id, IGrainFactory grains) => Results.Json(await grains.GetGrain<IBareGrain>(id).Get()));
        await app.StartAsync(cancellationToken);
        return new BaselineHost(app, gatewayPort, httpUrl);
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }
}
