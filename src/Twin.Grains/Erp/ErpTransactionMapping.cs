using System.Globalization;
using Twin.Erp.Transactions;
using Twin.Contracts;

namespace Twin.Grains.Erp;

/// <summary>
/// Turns a twin's business event into the ERP transaction that books it. The idempotency key depends only
/// on the event id (itself derived from the command that caused it), so a redelivered or re-published event
/// maps to the same key and cannot be booked twice.
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
            },
            ScrapReported s => Make(e, ErpTransactionKind.Scrap, s.Item, s.Scrap, s.Unit) with
            {
                WorkOrder = s.WorkOrderId,
                Operation = Operation(s.OperationSequence),
                Reason = s.Reason,
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
            // Shipments, scrap and adjustments out of a location, lot splits and merges have no document kind in
            // the ERP contract yet (ErpTransactionKind); the grain counts them as not for the ERP.
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
