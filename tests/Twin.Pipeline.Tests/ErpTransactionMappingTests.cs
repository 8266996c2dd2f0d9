using Twin.Contracts;
using Twin.Erp.Posting;
using Twin.Erp.Transactions;
using Twin.Grains.Erp;

namespace Twin.Pipeline.Tests;

public sealed class ErpTransactionMappingTests
{
    internal static TwinEvent Event(string eventId, EventPayload payload, string plant = "plant-1", string correlation = "opc:abc") =>
        new(eventId, correlation, null, TwinEvent.CurrentSchemaVersion, new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero), plant,
            TwinKind.WorkOrder, "WO-1", 3, payload);

    [Fact]
    public void Production_report_becomes_a_confirmation_on_the_work_order_operation_with_the_events_correlation()
    {
        var t = ErpTransactionMapping.ToTransaction(Event("e-1", new ProductionReported("WO-1", 10, "FG-100", 12, "pcs", "press-3")))!;

        Assert.Equal(ErpTransactionKind.ProductionConfirmation, t.Kind);
        Assert.Equal(("WO-1", "10", "FG-100", 12m, "pcs"), (t.WorkOrder, t.Operation, t.Item, t.Quantity, t.Unit));
        Assert.Equal("opc:abc", t.CorrelationId);
        Assert.Equal(["e-1"], t.SourceEventIds);
        Assert.Equal(ErpIdempotencyKey.Derive(ErpTransactionKind.ProductionConfirmation, ["e-1"]), t.IdempotencyKey);
    }

    [Fact]
    public void A_redelivered_event_maps_to_the_same_key_and_another_event_to_another()
    {
        var payload = new ProductionReported("WO-1", 10, "FG-100", 12, "pcs", "press-3");

        var first = ErpTransactionMapping.ToTransaction(Event("e-1", payload))!;
        var again = ErpTransactionMapping.ToTransaction(Event("e-1", payload))!;
        var other = ErpTransactionMapping.ToTransaction(Event("e-2", payload))!;

        Assert.Equal(first.IdempotencyKey, again.IdempotencyKey);
        Assert.NotEqual(first.IdempotencyKey, other.IdempotencyKey);
    }

    [Fact]
    public void Stock_moves_receipts_consumption_scrap_and_holds_carry_their_locations_lots_and_reasons()
    {
        var move = ErpTransactionMapping.ToTransaction(Event("m", new StockMoved("A-01", "B-02", "RM-7", "LOT-9", 5, "kg")))!;
        var receipt = ErpTransactionMapping.ToTransaction(Event("r", new GoodsReceived("FG-01", "FG-100", "LOT-1", 50, "pcs", "WO-1")))!;
        var consumed = ErpTransactionMapping.ToTransaction(Event("c", new MaterialConsumed("WO-1", "RM-7", "LOT-9", 2, "kg", "A-01")))!;
        var scrap = ErpTransactionMapping.ToTransaction(Event("s", new ScrapReported("WO-1", 10, "FG-100", 1, "pcs", "burr", "press-3")))!;
        var hold = ErpTransactionMapping.ToTransaction(Event("h", new QualityHoldPlaced("LOT-1", "FG-100", StockStatus.QualityHold, "cracks", "qa")))!;

        Assert.Equal((ErpTransactionKind.StockMove, "A-01", "B-02", "LOT-9"), (move.Kind, move.FromLocation, move.ToLocation, move.Lot));
        Assert.Equal((ErpTransactionKind.GoodsReceipt, "FG-01", "WO-1"), (receipt.Kind, receipt.ToLocation, receipt.WorkOrder));
        Assert.Equal((ErpTransactionKind.MaterialConsumption, "A-01", "WO-1"), (consumed.Kind, consumed.FromLocation, consumed.WorkOrder));
        Assert.Equal((ErpTransactionKind.Scrap, "burr"), (scrap.Kind, scrap.Reason));
        Assert.Equal(ErpTransactionKind.QualityHold, hold.Kind);
        Assert.Contains("cracks", hold.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Status_changes_are_not_booked_in_the_ERP()
    {
        Assert.Null(ErpTransactionMapping.ToTransaction(Event("x", new MachineStatusChanged("press-3", MachineStatus.Idle, MachineStatus.Running, null))));
    }

    [Fact]
    public void Shipments_adjustments_stock_scrap_and_lot_splits_and_merges_are_ERP_documents()
    {
        var shipment = ErpTransactionMapping.ToTransaction(Event("i1", new StockIssued("FG-01", "FG-100", "LOT-1", 20, "pcs", IssuePurpose.Shipment, null)))!;
        var adjustment = ErpTransactionMapping.ToTransaction(Event("i2", new StockIssued("FG-01", "FG-100", "LOT-1", 2, "pcs", IssuePurpose.Adjustment, null)))!;
        var scrap = ErpTransactionMapping.ToTransaction(Event("i3", new StockIssued("FG-01", "FG-100", "LOT-1", 1, "pcs", IssuePurpose.Scrap, null)))!;
        var split = ErpTransactionMapping.ToTransaction(Event("l1", new LotSplit("FG-01", "FG-100", "LOT-1", "LOT-1A", 5, "pcs")))!;
        var merge = ErpTransactionMapping.ToTransaction(Event("l2", new LotsMerged("FG-01", "FG-100", "LOT-1A", "LOT-1", 5, "pcs")))!;

        Assert.Equal((ErpTransactionKind.GoodsIssue, "shipment", "FG-01", "LOT-1", 20m), (shipment.Kind, shipment.Reason, shipment.FromLocation, shipment.Lot, shipment.Quantity));
        Assert.Equal((ErpTransactionKind.GoodsIssue, "adjustment"), (adjustment.Kind, adjustment.Reason));
        Assert.Equal((ErpTransactionKind.ScrapFromStock, "FG-01"), (scrap.Kind, scrap.FromLocation));
        Assert.Equal((ErpTransactionKind.LotTransfer, "LOT-1", "LOT-1A", "split"), (split.Kind, split.Lot, split.ToLot, split.Reason));
        Assert.Equal((ErpTransactionKind.LotTransfer, "LOT-1A", "LOT-1", "merge"), (merge.Kind, merge.Lot, merge.ToLot, merge.Reason));
        // An issue to production is booked by the order's consumption, never twice.
        Assert.Null(ErpTransactionMapping.ToTransaction(Event("i4", new StockIssued("A-01", "RM-7", "LOT-9", 2, "kg", IssuePurpose.Production, "WO-1"))));
    }

    [Fact]
    public void Order_completion_and_a_machine_going_down_or_into_setup_are_posting_triggers_that_book_nothing()
    {
        var completed = Event("w", new WorkOrderStatusChanged("WO-1", WorkOrderStatus.InProgress, WorkOrderStatus.Completed, null));
        var down = Event("d", new MachineStatusChanged("press-3", MachineStatus.Running, MachineStatus.Down, "jam"));
        var setup = Event("s", new MachineStatusChanged("press-3", MachineStatus.Idle, MachineStatus.Setup, null));
        var running = Event("r", new MachineStatusChanged("press-3", MachineStatus.Idle, MachineStatus.Running, null));

        Assert.Equal(new ErpPostingTrigger(ErpPostingTriggerKind.OrderCompleted, "WO-1"), ErpTransactionMapping.ToTrigger(completed));
        Assert.Equal(new ErpPostingTrigger(ErpPostingTriggerKind.MachineStopped, "press-3"), ErpTransactionMapping.ToTrigger(down));
        Assert.Equal(new ErpPostingTrigger(ErpPostingTriggerKind.MachineStopped, "press-3"), ErpTransactionMapping.ToTrigger(setup));
        Assert.Null(ErpTransactionMapping.ToTrigger(running));
        Assert.True(completed.Payload.IsErpPostingTrigger && !completed.Payload.IsErpTransaction);
        Assert.Null(ErpTransactionMapping.ToTransaction(completed));
    }
}
