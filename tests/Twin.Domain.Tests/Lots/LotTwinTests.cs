using Twin.Domain.Lots;

namespace Twin.Domain.Tests.Lots;

public sealed class LotTwinTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 6, 0, 0, TimeSpan.Zero);

    private static LotTwin Lot(decimal quantity = 100)
    {
        var lot = new LotTwin();
        lot.Inflow("P1", "STEEL", quantity, "kg", "RAW-1", new LotSource(0, "GR-1"), [], LotStatus.Unrestricted);
        return lot;
    }

    private static string Code(Action action) => Assert.Throws<DomainRuleException>(action).Code;

    [Fact]
    public void A_receipt_creates_the_lot_with_item_quantity_unit_origin_and_location()
    {
        var lot = Lot();
        Assert.True(lot.Created);
        Assert.Equal("STEEL", lot.Item);
        Assert.Equal(100, lot.Quantity);
        Assert.Equal("kg", lot.Unit);
        Assert.Equal(new LotSource(0, "GR-1"), lot.Origin);
        Assert.Equal(["RAW-1"], lot.Locations);
        Assert.Equal(LotStatus.Unrestricted, lot.Status);
    }

    [Fact]
    public void A_second_receipt_must_match_item_unit_and_plant()
    {
        var lot = Lot();
        Assert.Equal(DomainErrors.ItemMismatch, Code(() => lot.Inflow("P1", "COPPER", 1, "kg", "RAW-1", new LotSource(0, null), [], LotStatus.Unrestricted)));
        Assert.Equal(DomainErrors.UnitMismatch, Code(() => lot.Inflow("P1", "STEEL", 1, "t", "RAW-1", new LotSource(0, null), [], LotStatus.Unrestricted)));
        Assert.Equal(DomainErrors.PlantMismatch, Code(() => lot.Inflow("P2", "STEEL", 1, "kg", "RAW-1", new LotSource(0, null), [], LotStatus.Unrestricted)));
    }

    [Fact]
    public void Hold_and_release_record_reason_and_user_and_queue_pushes_to_every_location()
    {
        var lot = Lot();
        lot.NoteLocation("RAW-2");
        lot.PlaceOnHold(LotStatus.QualityHold, "porosity", "qa.jane", T0);

        Assert.Equal(LotStatus.QualityHold, lot.Status);
        Assert.Equal(new HoldRecord(LotStatus.QualityHold, "porosity", "qa.jane", T0), lot.Hold);
        Assert.Equal(["RAW-1", "RAW-2"], lot.PendingStatusPushes);
        var version = lot.StatusVersion;

        lot.StatusPushed("RAW-1");
        lot.StatusPushed("RAW-2");
        lot.Release("re-inspected OK", "qa.jane");
        Assert.Equal(LotStatus.Unrestricted, lot.Status);
        Assert.Null(lot.Hold);
        Assert.True(lot.StatusVersion > version);
        Assert.Equal(2, lot.PendingStatusPushes.Count);
    }

    [Fact]
    public void Hold_and_release_need_a_user_and_release_needs_a_hold()
    {
        var lot = Lot();
        Assert.Equal(DomainErrors.UserRequired, Code(() => lot.PlaceOnHold(LotStatus.QualityHold, "why", null, T0)));
        Assert.Equal(DomainErrors.InvalidCommand, Code(() => lot.PlaceOnHold(LotStatus.QualityHold, "", "u", T0)));
        Assert.Equal(DomainErrors.InvalidCommand, Code(() => lot.PlaceOnHold(LotStatus.Unrestricted, "why", "u", T0)));
        Assert.Equal(DomainErrors.NotOnHold, Code(() => lot.Release("why", "u")));
        lot.PlaceOnHold(LotStatus.Blocked, "supplier recall", "u", T0);
        Assert.Equal(DomainErrors.UserRequired, Code(() => lot.Release("why", " ")));
    }

    [Fact]
    public void Consumption_reduces_the_lot_held_stock_cannot_be_consumed_and_at_zero_it_is_consumed()
    {
        var lot = Lot(10);
        lot.Outflow(0, 4, null);
        Assert.Equal(6, lot.Quantity);
        Assert.Equal(4, lot.ConsumedQuantity);

        lot.PlaceOnHold(LotStatus.QualityHold, "check", "u", T0);
        Assert.Equal(DomainErrors.StockOnHold, Code(() => lot.Outflow(0, 1, null)));
        lot.Release("ok", "u");

        Assert.Equal(DomainErrors.InsufficientStock, Code(() => lot.Outflow(0, 7, null)));
        lot.Outflow(0, 6, null);
        Assert.Equal(LotStatus.Consumed, lot.Status);
        Assert.Equal(DomainErrors.LotConsumed, Code(() => lot.Outflow(0, 1, null)));
        Assert.Equal(DomainErrors.LotConsumed, Code(() => lot.PlaceOnHold(LotStatus.QualityHold, "x", "u", T0)));
    }

    [Fact]
    public void Split_and_merge_record_genealogy_links_once_even_when_retried()
    {
        var parent = Lot(10);
        var link = new GenealogyLink("L1", "L2", 1, null, 3, T0);
        parent.Outflow(1, 3, link);
        parent.LinkChildren([link with { At = T0.AddSeconds(5) }]);
        Assert.Single(parent.Children);
        Assert.Equal(7, parent.Quantity);

        var child = new LotTwin();
        child.Inflow("P1", "STEEL", 3, "kg", "RAW-1", new LotSource(2, "L1"), [link], LotStatus.QualityHold);
        Assert.Equal(LotStatus.QualityHold, child.Status);
        Assert.Single(child.Parents);
    }

    [Fact]
    public void Operations_on_a_lot_that_does_not_exist_are_lot_not_found()
    {
        Assert.Equal(DomainErrors.LotNotFound, Code(() => new LotTwin().PlaceOnHold(LotStatus.QualityHold, "x", "u", T0)));
        Assert.Equal(DomainErrors.LotNotFound, Code(() => new LotTwin().Outflow(0, 1, null)));
    }
}
