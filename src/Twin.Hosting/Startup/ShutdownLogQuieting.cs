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
/// Orleans 10 also tries to migrate every activation when the silo stops and, with no other silo, logs "Error while
/// selecting a migration destination" with a stack trace per activation (Orleans.Grain): 100,000 twins, 100,000 traces.
/// The flag belongs to one host: tests and benchmarks run several silos in one process, and one stopping must not
/// silence the others.
/// </summary>
internal static class ShutdownLogQuieting
{
    // Runtime noise of a stopping silo: placement retries, memory storage, gateway and stream delivery to clients.
    private static readonly string[] NoisyWhileStopping =
        ["Polly", "Orleans.Storage.MemoryGrainStorage", "Orleans.Messaging", "Orleans.Streams", "Orleans.Runtime.Placement", "Orleans.Runtime.ActivationMigrationManager", "Orleans.Runtime.SiloLifecycleSubject",
         "Orleans.Grain", "Microsoft.Extensions.Logging.ILogger"]; // the last: Orleans' memory stream adapter logs under this generic name

    public static void Add(ILoggingBuilder logging, IServiceCollection services)
    {
        var state = new StopState();
        foreach (var category in NoisyWhileStopping)
        {
            // Same threshold as the silo's defaults (Warning) until the host stops. A rule in code wins over the
            // appsettings rule of the same category because it is added later.
            logging.AddFilter(category, level => level >= (state.Stopping ? LogLevel.Critical : LogLevel.Warning));
        }

        services.AddHostedService(sp => new StopWatcher(sp.GetRequiredService<IHostApplicationLifetime>(), state));
    }

    private sealed class StopState
    {
        public volatile bool Stopping;
    }

    private sealed class StopWatcher(IHostApplicationLifetime lifetime, StopState state) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            lifetime.ApplicationStopping.Register(() => state.Stopping = true);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
