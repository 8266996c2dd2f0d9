using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Twin.Hosting;
using Twin.Testing;

namespace Twin.Integration.Tests.Platform;

/// <summary>A silo hosted in the test process through the same AddTwinPlatform registration the Silo uses.</summary>
internal static class InProcessSilo
{
    /// <summary>
    /// Starts a silo on <paramref name="connectionString"/> (null: the embedded profile, state in memory) in cluster
    /// <paramref name="clusterId"/>, with <paramref name="settings"/> (e.g. "Erp:Posting:Window") on top of the defaults here;
    /// <paramref name="services"/> runs after the platform's registrations (a test's fault injection replaces a service).
    /// </summary>
    public static async Task<WebApplication> StartAsync(string? connectionString, string clusterId, IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Twin"] = connectionString,
            ["Twin:ClusterId"] = clusterId,
            ["Twin:SiloPort"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Twin:GatewayPort"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Twin:HttpUrls"] = $"http://127.0.0.1:{FreePorts.Next()}",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddTwinPlatform();
        services?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapTwinPlatform();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await app.StartAsync(deadline.Token);
        return app;
    }

    /// <summary>An orderly stop within 30 s, then disposal (the next silo of a test may start on the same database).</summary>
    public static async Task StopAsync(WebApplication app)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await app.StopAsync(deadline.Token);
        await app.DisposeAsync();
    }
}
