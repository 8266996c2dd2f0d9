using Twin.Contracts;

namespace Twin.Client;

/// <summary>
/// Decides whether a change concerns a twin: published by it, or naming it in the payload (a goods
/// receipt published by a location concerns the lot received, a consumption concerns the lot consumed).
/// </summary>
public static class TwinChangeFilter
{
    /// <summary>True when <paramref name="change"/> concerns <paramref name="twinId"/> (always true for a null id).</summary>
    public static bool Concerns(TwinEvent change, string? twinId)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (twinId is null || string.Equals(change.SourceId, twinId, StringComparison.Ordinal))
        {
            return true;
        }

        return IdsIn(change.Payload).Any(id => string.Equals(id, twinId, StringComparison.Ordinal));
    }

    private static IEnumerable<string?> IdsIn(EventPayload payload) => payload switch
    {
        ProductionReported p => [p.WorkOrderId, p.MachineId],
        ScrapReported s => [s.WorkOrderId, s.MachineId],
        MaterialConsumed m => [m.WorkOrderId, m.LotId, m.SourceLocationId],
        GoodsReceived g => [g.LocationId, g.LotId, g.WorkOrderId],
        StockIssued i => [i.LocationId, i.LotId, i.WorkOrderId],
        StockMoved m => [m.FromLocationId, m.ToLocationId, m.LotId],
        QualityHoldPlaced h => [h.LotId],
        QualityHoldReleased r => [r.LotId],
        LotSplit s => [s.LocationId, s.ParentLotId, s.ChildLotId],
        LotsMerged m => [m.LocationId, m.SourceLotId, m.TargetLotId],
        MachineStatusChanged m => [m.MachineId],
        WorkOrderStatusChanged w => [w.WorkOrderId],
        TwinChanged t => [t.TwinId],
        _ => [],
    };
}
