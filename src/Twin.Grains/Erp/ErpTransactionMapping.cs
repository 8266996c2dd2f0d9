using System.Globalization;
using Twin.Erp.Posting;
using Twin.Erp.Transactions;
using Twin.Contracts;

namespace Twin.Grains.Erp;

/// <summary>
/// Turns a twin's business event into the ERP transaction that books it (one source of a posting window, or a
/// document of its own), or into a posting trigger. The idempotency key depends only on the event id (itself derived
/// from the command that caused it), so a redelivered or re-published event maps to the same key and cannot be
/// booked twice.
/// </summary>
public static class ErpTransactionMapping
{
    /// <summary>The transaction for <paramref name="e"/>, or null when the ERP does not book this kind of event.</summary>
    public static ErpTransaction? ToTransaction(TwinEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.Payload switch
        {
            ProductionReported p => Make(e, ErpTransactionKind.ProductionConfirmation, p.Item, p.Good, p.Unit) with
            {
                WorkOrder = p.WorkOrderId,
                Operation = Operation(p.OperationSequence),
                Machine = p.MachineId,
            },
            ScrapReported s => Make(e, ErpTransactionKind.Scrap, s.Item, s.Scrap, s.Unit) with
            {
                WorkOrder = s.WorkOrderId,
                Operation = Operation(s.OperationSequence),
                Reason = s.Reason,
                Machine = s.MachineId,
            },
            MaterialConsumed m => Make(e, ErpTransactionKind.MaterialConsumption, m.Item, m.Quantity, m.Unit) with
            {
                WorkOrder = m.WorkOrderId,
                Lot = m.LotId,
                FromLocation = m.SourceLocationId,
            },
            GoodsReceived g => Make(e, ErpTransactionKind.GoodsReceipt, g.Item, g.Quantity, g.Unit) with
            {
                WorkOrder = g.WorkOrderId,
                Lot = g.LotId,
                ToLocation = g.LocationId,
            },
            StockMoved m => Make(e, ErpTransactionKind.StockMove, m.Item, m.Quantity, m.Unit) with
            {
                Lot = m.LotId,
                FromLocation = m.FromLocationId,
                ToLocation = m.ToLocationId,
            },
            QualityHoldPlaced h => Make(e, ErpTransactionKind.QualityHold, h.Item, 1, "lot") with
            {
                Lot = h.LotId,
                Reason = $"{h.Status}: {h.Reason} ({h.User})",
            },
            QualityHoldReleased r => Make(e, ErpTransactionKind.QualityRelease, r.Item, 1, "lot") with
            {
                Lot = r.LotId,
                Reason = $"{r.Reason} ({r.User})",
            },
            // An issue to production is booked by the order's MaterialConsumed (StockIssued.IsErpTransaction is false for it).
            StockIssued { Purpose: IssuePurpose.Scrap } i => Make(e, ErpTransactionKind.ScrapFromStock, i.Item, i.Quantity, i.Unit) with
            {
                Lot = i.LotId,
                FromLocation = i.LocationId,
                WorkOrder = i.WorkOrderId,
            },
            StockIssued { Purpose: IssuePurpose.Shipment or IssuePurpose.Adjustment } i => Make(e, ErpTransactionKind.GoodsIssue, i.Item, i.Quantity, i.Unit) with
            {
                Lot = i.LotId,
                FromLocation = i.LocationId,
                WorkOrder = i.WorkOrderId,
                Reason = i.Purpose == IssuePurpose.Shipment ? "shipment" : "adjustment",
            },
            LotSplit l => Make(e, ErpTransactionKind.LotTransfer, l.Item, l.Quantity, l.Unit) with
            {
                Lot = l.ParentLotId,
                ToLot = l.ChildLotId,
                FromLocation = l.LocationId,
                ToLocation = l.LocationId,
                Reason = "split",
            },
            LotsMerged m => Make(e, ErpTransactionKind.LotTransfer, m.Item, m.Quantity, m.Unit) with
            {
                Lot = m.SourceLotId,
                ToLot = m.TargetLotId,
                FromLocation = m.LocationId,
                ToLocation = m.LocationId,
                Reason = "merge",
            },
            _ => null,
        };
    }

    /// <summary>The posting windows <paramref name="e"/> closes early, or null when it closes none.</summary>
    public static ErpPostingTrigger? ToTrigger(TwinEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.Payload switch
        {
            WorkOrderStatusChanged { IsErpPostingTrigger: true } w => new ErpPostingTrigger(ErpPostingTriggerKind.OrderCompleted, w.WorkOrderId),
            MachineStatusChanged { IsErpPostingTrigger: true } m => new ErpPostingTrigger(ErpPostingTriggerKind.MachineStopped, m.MachineId),
            _ => null,
        };
    }

    private static ErpTransaction Make(TwinEvent e, ErpTransactionKind kind, string item, decimal quantity, string unit) => new()
    {
        IdempotencyKey = ErpIdempotencyKey.Derive(kind, [e.EventId]),
        Kind = kind,
        Plant = e.Plant,
        Item = item,
        Quantity = quantity,
        Unit = unit,
        CorrelationId = e.CorrelationId,
        SourceEventIds = [e.EventId],
        OccurredAt = e.OccurredAt,
    };

    private static string Operation(int sequence) => sequence.ToString(CultureInfo.InvariantCulture);
}
