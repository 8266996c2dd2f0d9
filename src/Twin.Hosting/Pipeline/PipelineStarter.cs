using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Twin.Contracts;
using Twin.Grains.Erp;
using Twin.Grains.Ingest;

namespace Twin.Hosting.Pipeline;

/// <summary>
/// When the silo is active, starts every configured OPC UA connection and wakes the ERP sync of every known
/// plant, so a queue left by a crash drains at once instead of waiting for the next event or reminder.
/// Every silo does it; starting an already running connection does nothing.
/// </summary>
internal sealed partial class PipelineStarter(
    IGrainFactory grains,
    PlantConfigurationCatalog catalog,
    IOptions<ErpSyncOptions> erpSync,
    ILogger<PipelineStarter> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);
    private readonly CancellationTokenSource _stopping = new();

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(PipelineStarter), ServiceLifecycleStage.Active, OnStart, OnStop);

    private Task OnStart(CancellationToken cancellationToken)
    {
        // Not awaited: the silo must finish starting (and answer health checks) even while a PLC is unreachable.
        _ = Task.Run(() => StartAllAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    private Task OnStop(CancellationToken cancellationToken) => _stopping.CancelAsync();

    private async Task StartAllAsync(CancellationToken cancellationToken)
    {
        var plants = catalog.Plants.Concat(erpSync.Value.Plants).Distinct(StringComparer.Ordinal).ToList();
        var work = catalog.ConnectionIds.Select(id => Retry(() => grains.GetGrain<IOpcUaIngestGrain>(id).Start(), $"OPC UA connection {id}", cancellationToken))
            .Concat(plants.Select(plant => Retry(() => grains.GetGrain<IErpSyncGrain>(plant).Wake(), $"ERP sync of plant {plant}", cancellationToken)));
        await Task.WhenAll(work);
        LogStarted(catalog.ConnectionIds.Count, plants.Count);
    }

    private async Task Retry(Func<Task> start, string what, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await start();
                return;
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                LogStartFailed(error, what);
                await Task.Delay(RetryDelay, cancellationToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pipeline started: {Connections} OPC UA connection(s), ERP sync of {Plants} plant(s)")]
    private partial void LogStarted(int connections, int plants);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not start {What} yet; retrying")]
    private partial void LogStartFailed(Exception error, string what);
}
