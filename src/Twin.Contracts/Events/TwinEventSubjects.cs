namespace Twin.Contracts;

/// <summary>
/// Which twins an event concerns: the twin that published it, and every twin its payload names (a goods receipt
/// published by a location concerns the lot received, a consumption the lot consumed and the order consuming it).
/// Shared by the client SDK's watch filter and the REST change feed, so both follow a twin the same way.
/// </summary>
public static class TwinEventSubjects
{
    /// <summary>True when <paramref name="change"/> concerns <paramref name="twinId"/> (always true for a null id).</summary>
    public static bool Concerns(TwinEvent change, string? twinId)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (twinId is null || string.Equals(change.SourceId, twinId, StringComparison.Ordinal))
        {
            return true;
        }

        foreach (var id in IdsIn(change.Payload))
        {
            if (string.Equals(id, twinId, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The twin ids a payload names (some may be null: an optional machine or work order).</summary>
    public static string?[] IdsIn(EventPayload payload) => payload switch
    {
        ProductionReported p => [p.WorkOrderId, p.MachineId],
        ScrapReported s => [s.WorkOrderId, s.MachineId],
        MaterialConsumed m => [m.WorkOrderId, m.LotId, m.SourceLocationId],
        GoodsReceived g => [g.LocationId, g.LotId, g.WorkOrderId],
        GoodsStagedForPutAway p => [p.LocationId, p.LotId, p.WorkOrderId],
        StockIssued i => [i.LocationId, i.LotId, i.WorkOrderId],
        StockMoved m => [m.FromLocationId, m.ToLocationId, m.LotId],
        QualityHoldPlaced h => [h.LotId],
        QualityHoldReleased r => [r.LotId],
        QualityHoldInstruction h => [h.LotId, .. h.Locations.Select(l => l.LocationId)],
        QualityReleaseInstruction r => [r.LotId, .. r.Locations.Select(l => l.LocationId)],
        LotSplit s => [s.LocationId, s.ParentLotId, s.ChildLotId],
        LotsMerged m => [m.LocationId, m.SourceLotId, m.TargetLotId],
        MachineStatusChanged m => [m.MachineId],
        MaintenanceRequested m => [m.MachineId],
        MaintenanceRequestClosed m => [m.MachineId],
        WorkOrderStatusChanged w => [w.WorkOrderId],
        TwinChanged t => [t.TwinId],
        _ => [],
    };
}
