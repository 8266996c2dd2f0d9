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
/// It does it again whenever another silo leaves the cluster (declared dead after a crash, or shut down): the
/// connections and ERP syncs that lived there are activated on a survivor at once. Without this they came back
/// only with their keep-alive reminders (a minute) or, for an ERP sync, with the next event on its stream.
/// </summary>
internal sealed partial class PipelineStarter(
    IGrainFactory grains,
    PlantConfigurationCatalog catalog,
    IOptions<ErpSyncOptions> erpSync,
    IOptions<Twin.Erp.Inbound.ErpInboundOptions> erpInbound,
    IClusterMembershipService membership,
    ILocalSiloDetails localSilo,
    ILogger<PipelineStarter> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    // Right after a death declaration a call may still be routed to the dead silo once; try again soon.
    private static readonly TimeSpan FailoverRetryDelay = TimeSpan.FromMilliseconds(250);
    private readonly CancellationTokenSource _stopping = new();

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(PipelineStarter), ServiceLifecycleStage.Active, OnStart, OnStop);

    private Task OnStart(CancellationToken cancellationToken)
    {
        // Not awaited: the silo must finish starting (and answer health checks) even while a PLC is unreachable.
        _ = Task.Run(() => StartAllAsync(RetryDelay, _stopping.Token), CancellationToken.None);
        _ = Task.Run(() => RestartWhenSilosLeaveAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    private Task OnStop(CancellationToken cancellationToken) => _stopping.CancelAsync();

    private async Task RestartWhenSilosLeaveAsync(CancellationToken cancellationToken)
    {
        var previous = membership.CurrentSnapshot;
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(cancellationToken))
            {
                var left = snapshot.Members.Values
                    .Where(m => m.Status == SiloStatus.Dead && !m.SiloAddress.Equals(localSilo.SiloAddress)
                        && previous.Members.TryGetValue(m.SiloAddress, out var before) && before.Status != SiloStatus.Dead)
                    .Select(m => m.SiloAddress)
                    .ToList();
                previous = snapshot;
                if (left.Count > 0)
                {
                    LogSiloLeft(string.Join(", ", left));
                    _ = Task.Run(() => StartAllAsync(FailoverRetryDelay, cancellationToken), CancellationToken.None);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The silo is stopping.
        }
    }

    private async Task StartAllAsync(TimeSpan retryDelay, CancellationToken cancellationToken)
    {
        var plants = catalog.Plants.Concat(erpSync.Value.Plants).Distinct(StringComparer.Ordinal).ToList();
        var work = catalog.ConnectionIds.Select(id => Retry(() => grains.GetGrain<IOpcUaIngestGrain>(id).Start(), $"OPC UA connection {id}", retryDelay, cancellationToken))
            .Concat(plants.Select(plant => Retry(() => grains.GetGrain<IErpSyncGrain>(plant).Wake(), $"ERP sync of plant {plant}", retryDelay, cancellationToken)))
            .Concat(erpInbound.Value.Plants.Select(plant => Retry(() => grains.GetGrain<IErpOrderPollerGrain>(plant).Wake(), $"ERP order polling of plant {plant}", retryDelay, cancellationToken)));
        await Task.WhenAll(work);
        LogStarted(catalog.ConnectionIds.Count, plants.Count);
    }

    private async Task Retry(Func<Task> start, string what, TimeSpan firstDelay, CancellationToken cancellationToken)
    {
        var delay = firstDelay;
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
                await Task.Delay(delay, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, RetryDelay.Ticks));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pipeline started: {Connections} OPC UA connection(s), ERP sync of {Plants} plant(s)")]
    private partial void LogStarted(int connections, int plants);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not start {What} yet; retrying")]
    private partial void LogStartFailed(Exception error, string what);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Silo {Silos} left the cluster; starting its OPC UA connections and ERP syncs here")]
    private partial void LogSiloLeft(string silos);
}
