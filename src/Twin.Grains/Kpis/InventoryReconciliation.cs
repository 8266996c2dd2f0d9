using Microsoft.Extensions.Logging;
using Twin.Contracts;
using Twin.Erp.Connector;
using Twin.Erp.Stock;

namespace Twin.Grains.Kpis;

/// <summary>
/// The inventory reconciliation of one plant, run by its KPI grain: pages through the plant's locations in id order
/// (<see cref="KpiOptions.ReconciliationPageSize"/> at a time), reads each page's location twins and asks the ERP's
/// read side (<see cref="IErpConnector.QueryStockAsync"/>) for the same locations, and lets the Orleans-free
/// <see cref="StockReconciler"/> compare. Stock in transit counts at the location it left (the ERP books the move when
/// it arrives). One run at a time; a request during a run waits for it.
/// </summary>
internal sealed partial class InventoryReconciliation(
    string plant, IGrainFactory grains, IErpConnector? connector, KpiOptions options, TimeProvider clock, ILogger logger)
{
    private const int MaxExamples = 20;
    private readonly StockReconciler _reconciler = new();
    private Task<InventoryKpi>? _running;
    private DateTimeOffset? _startedAt;
    private string? _lastStatus;

    /// <summary>The last whole run's result (or not-run / running / why it could not run).</summary>
    public InventoryKpi Current { get; private set; } = new(true, "not-run", 0, 0, 0, null, null, null, []);

    public Task<InventoryKpi> RunAsync() => _running ??= RunOnce();

    private async Task<InventoryKpi> RunOnce()
    {
        try
        {
            _startedAt = clock.GetUtcNow();
            if (Current.Status == "not-run")
            {
                Current = Current with { Status = "running", LastRunStartedAt = _startedAt };
            }

            Current = await Compare();
            if (Current.Status != _lastStatus)
            {
                LogOutcome(plant, Current.Status, Current.MismatchedLines, Current.LocationsChecked, Current.Reason);
                _lastStatus = Current.Status;
            }

            return Current;
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            _reconciler.AbandonRun();
            Current = Current with { Ok = Current.Ok, Status = "unavailable", LastRunStartedAt = _startedAt, Reason = $"the run failed: {Twin.Grains.Twins.FailureReason.Of(error)}" };
            return Current;
        }
        finally
        {
            _running = null;
        }
    }

    private async Task<InventoryKpi> Compare()
    {
        if (connector is null)
        {
            return Stopped("not-supported", "no ERP is configured (Erp:Connector:BaseUrl), so there is no stock to compare with");
        }

        _reconciler.BeginRun();
        var directory = grains.GetGrain<IPlantDirectoryGrain>(plant);
        var checkedLocations = 0;
        string? after = null;
        do
        {
            var page = await directory.PageLocations(after, options.ReconciliationPageSize);
            if (page.Items.Count == 0)
            {
                break;
            }

            var snapshots = await Task.WhenAll(page.Items.Select(l => grains.GetGrain<IWarehouseLocationGrain>(l.LocationId).GetSnapshot()));
            var locations = snapshots.OfType<LocationSnapshot>().Where(s => s.Plant == plant).ToList();
            var answer = await connector.QueryStockAsync(new ErpStockQuery(plant, locations.Select(l => l.LocationId).ToList()));
            if (answer.Status != ErpStockAnswerStatus.Answered)
            {
                _reconciler.AbandonRun();
                return Stopped(answer.Status == ErpStockAnswerStatus.NotSupported ? "not-supported" : "unavailable", answer.Reason);
            }

            _reconciler.Compare(TwinLines(locations), answer.Lines);
            checkedLocations += locations.Count;
            after = page.Next;
            if (after is not null && options.ReconciliationPagePause > TimeSpan.Zero)
            {
                await Task.Delay(options.ReconciliationPagePause, clock);
            }
        }
        while (after is not null);

        _reconciler.EndRun();
        var confirmed = _reconciler.Confirmed;
        return new InventoryKpi(confirmed.Count == 0, confirmed.Count == 0 ? "ok" : "mismatch", confirmed.Count, _reconciler.Unconfirmed, checkedLocations,
            _startedAt, clock.GetUtcNow(), null,
            confirmed.Take(MaxExamples).Select(m => new InventoryMismatchLine(m.Location, m.Item, m.Lot, m.TwinQuantity, m.ErpQuantity, m.Unit)).ToList());
    }

    /// <summary>A run that could not compare keeps the last whole run's figures and says why.</summary>
    private InventoryKpi Stopped(string status, string? reason) =>
        Current with { Ok = status == "not-supported" ? Current.MismatchedLines == 0 : Current.Ok, Status = status, LastRunStartedAt = _startedAt, Reason = reason };

    private static IEnumerable<ErpStockLine> TwinLines(IEnumerable<LocationSnapshot> locations)
    {
        foreach (var location in locations)
        {
            foreach (var b in location.Balances)
            {
                yield return new ErpStockLine(location.LocationId, b.Item, b.LotId, b.Quantity, b.Unit);
            }

            foreach (var t in location.InTransit)
            {
                yield return new ErpStockLine(location.LocationId, t.Item, t.LotId, t.Quantity, null);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Plant {Plant}: inventory reconciliation {Status}: {Mismatches} line(s) differ from the ERP over {Locations} location(s){Reason}")]
    private static partial void LogOutcome(ILogger logger, string plant, string status, int mismatches, int locations, string? reason);

    private void LogOutcome(string plantId, string status, int mismatches, int locations, string? reason) =>
        LogOutcome(logger, plantId, status, mismatches, locations, reason is null ? "" : $" ({reason})");
}
