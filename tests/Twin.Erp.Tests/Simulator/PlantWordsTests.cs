using ErpSimulator;
using ErpSimulator.Booking;

namespace Twin.Erp.Tests.Simulator;

public sealed class PlantWordsTests
{
    [Fact]
    public void A_confirmation_reads_as_the_plant_says_it()
    {
        var document = Document(TransactionKinds.ProductionConfirmation) with { WorkOrder = "4711", Operation = "10", Quantity = 1200 };

        Assert.Equal("production confirmation 1200 pcs of FG-100 for work order 4711 op 10", PlantWords.Describe(document));
    }

    [Fact]
    public void A_quality_hold_names_the_lot_not_a_quantity()
    {
        var document = Document(TransactionKinds.QualityHold) with { Lot = "L-7", Reason = "blocked: burrs" };

        Assert.Equal("quality hold on lot L-7 of FG-100 (blocked: burrs)", PlantWords.Describe(document));
    }

    [Fact]
    public void A_stock_move_names_both_locations()
    {
        var document = Document(TransactionKinds.StockMove) with { Quantity = 2.5m, Unit = "kg", FromLocation = "LINE-1", ToLocation = "STORE" };

        Assert.Equal("stock move 2.5 kg of FG-100 from LINE-1 to STORE", PlantWords.Describe(document));
    }

    private static BookedDocument Document(string kind) => new(
        "4900000001", "key", kind, "P1", null, null, "FG-100", null, 1, "pcs", null, null, null, null, [], null, DateTimeOffset.UnixEpoch);
}
