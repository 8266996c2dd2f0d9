using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Twin.Grains.Kpis;

/// <summary>
/// Hands this silo's measured latencies to each plant's KPI grain every <see cref="ObjectiveOptions.ReportInterval"/>
/// (one call per plant with anything to report). Counts a grain could not take are kept for the next round.
/// </summary>
public sealed partial class ObjectiveReporter(ObjectiveRecorder recorder, IGrainFactory grains, ILogger<ObjectiveReporter> logger) : BackgroundService
{
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
                LogReportFailed(plant, Twin.Grains.Twins.FailureReason.Of(error));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Plant {Plant}: latencies for the objectives could not be handed to the KPI grain ({Reason}); they go with the next report")]
    private partial void LogReportFailed(string plant, string reason);
}
