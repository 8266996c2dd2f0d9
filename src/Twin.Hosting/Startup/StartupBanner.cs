using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Twin.Hosting.Configuration;

namespace Twin.Hosting.Startup;

/// <summary>Tells the operator, once the silo is up, what it serves and whether its state is durable.</summary>
public sealed partial class StartupBanner(TwinPlatformInfo platform, IHostApplicationLifetime lifetime, ILogger<StartupBanner> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (platform.Profile == TwinProfile.Embedded)
        {
            LogNotDurable(logger);
        }
        else if (!platform.ClusterTls)
        {
            LogClusterPortsOpen(logger, platform.Options.AdvertisedAddress, platform.Options.GatewayPort);
        }

        lifetime.ApplicationStarted.Register(() =>
        {
            var o = platform.Options;
            LogReady(logger, platform.Profile, o.ClusterId, o.SiloPort, o.GatewayPort);
            foreach (var url in o.ParsedHttpUrls.Select(u => u.TrimEnd('/')))
            {
                LogServing(logger, $"{url}/dashboard/", $"{url}/plant", $"{url}/health/ready", $"{url}/api");
            }
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Embedded profile: grain state, reminders and streams are kept in memory and are LOST when this silo stops. Set ConnectionStrings:Twin for durable PostgreSQL storage.")]
    private static partial void LogNotDurable(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster ports are not encrypted: any process that reaches {Address}:{GatewayPort} can call grains without an API key. Set Twin:Tls:CertificatePath and Twin:Tls:TrustedAuthorityPath (mutual TLS for silos and SDK clients).")]
    private static partial void LogClusterPortsOpen(ILogger logger, string address, int gatewayPort);

    [LoggerMessage(Level = LogLevel.Information, Message = "Twin silo ready: profile {Profile}, cluster '{ClusterId}', silo port {SiloPort}, gateway port {GatewayPort}.")]
    private static partial void LogReady(ILogger logger, TwinProfile profile, string clusterId, int siloPort, int gatewayPort);

    [LoggerMessage(Level = LogLevel.Information, Message = "Serving dashboard {Dashboard}  plant view {PlantView}  health {Health}  API {Api}")]
    private static partial void LogServing(ILogger logger, string dashboard, string plantView, string health, string api);
}
