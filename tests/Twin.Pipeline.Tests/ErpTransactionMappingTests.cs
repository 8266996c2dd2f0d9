using Twin.Contracts;
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
}
