using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Twin.Hosting.Startup;

/// <summary>
/// An orderly stop (SIGTERM, Ctrl+C) is not a failure, but while the silo leaves the cluster Orleans retries grain
/// placement that can no longer succeed (Polly "No active nodes are compatible…") and, in the embedded profile,
/// writes to the in-memory storage that is being thrown away — about ninety lines of stack traces after "Stopping".
/// From the moment the host stops, those runtime categories are held to Critical; Twin's own lines (a final write
/// that failed, ERP work left queued) still come through, and nothing changes while the silo runs.
/// </summary>
internal static class ShutdownLogQuieting
{
    // Runtime noise of a stopping silo: placement retries, memory storage, gateway and stream delivery to clients.
    private static readonly string[] NoisyWhileStopping =
        ["Polly", "Orleans.Storage.MemoryGrainStorage", "Orleans.Messaging", "Orleans.Streams", "Orleans.Runtime.Placement", "Orleans.Runtime.ActivationMigrationManager", "Orleans.Runtime.SiloLifecycleSubject",
         "Microsoft.Extensions.Logging.ILogger"]; // the last: Orleans' memory stream adapter logs under this generic name

    private static volatile bool _stopping;

    public static void Add(ILoggingBuilder logging, IServiceCollection services)
    {
        foreach (var category in NoisyWhileStopping)
        {
            // Same threshold as the silo's defaults (Warning) until the host stops. A rule in code wins over the
            // appsettings rule of the same category because it is added later.
            logging.AddFilter(category, level => level >= (_stopping ? LogLevel.Critical : LogLevel.Warning));
        }

        services.AddHostedService<StopWatcher>();
    }

    private sealed class StopWatcher(IHostApplicationLifetime lifetime) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            lifetime.ApplicationStopping.Register(() => _stopping = true);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
