using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Twin.Grains.Telemetry;

namespace Twin.Grains.Kpis;

/// <summary>
/// Hands this silo's measured latencies to each plant's KPI grain every <see cref="ObjectiveOptions.ReportInterval"/>
/// (one call per plant with anything to report). Counts a grain could not take are kept for the next round.
/// </summary>
public sealed partial class ObjectiveReporter(ObjectiveRecorder recorder, IGrainFactory grains, ILogger<ObjectiveReporter> logger) : BackgroundService
{
    // A KPI grain that cannot take reports (its silo left, the cluster rebalances) fails every round for every plant:
    // one line a minute, counting the failed handoffs, not one per plant every few seconds.
    private readonly LogPacer _failureLog = new(TimeSpan.FromMinutes(1));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(recorder.Options.ReportInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await ReportOnce();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The silo stops; what is left is lost with the process, like the metrics not yet exported.
        }
    }

    /// <summary>Sends what was measured since the last round (also used by tests to report without waiting).</summary>
    public async Task ReportOnce()
    {
        foreach (var (plant, counts) in recorder.Drain())
        {
            try
            {
                await grains.GetGrain<Twin.Contracts.IPlantKpiGrain>(plant).AddLatencies(counts);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                recorder.Return(plant, counts);
                _failureLog.Add(1);
                if (_failureLog.TryTake(DateTimeOffset.UtcNow, out var failed, out _))
                {
                    LogReportFailed(plant, Twin.Grains.Twins.FailureReason.Of(error), failed);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Plant {Plant}: latencies for the objectives could not be handed to the KPI grain ({Reason}; {Failed} handoff(s) failed since the last line); they go with the next report")]
    private partial void LogReportFailed(string plant, string reason, long failed);
}
