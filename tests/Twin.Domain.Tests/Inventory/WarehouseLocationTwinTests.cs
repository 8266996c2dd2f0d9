using Twin.Domain.Inventory;
using Twin.Domain.Lots;

namespace Twin.Domain.Tests.Inventory;

public sealed class WarehouseLocationTwinTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 6, 0, 0, TimeSpan.Zero);

    private static WarehouseLocationTwin Location(string id = "RAW-1")
    {
        var location = new WarehouseLocationTwin { Id = id };
        location.Create("P1", id);
        return location;
    }

    private static string Code(Action action) => Assert.Throws<DomainRuleException>(action).Code;

    [Fact]
    public void Balances_are_kept_by_item_lot_and_status()
    {
        var location = Location();
        location.Receive("STEEL", "S-1", 10, "kg", LotStatus.Unrestricted);
        location.Receive("STEEL", "S-2", 5, "kg", LotStatus.QualityHold);
        location.Receive("STEEL", "S-1", 2, "kg", LotStatus.Unrestricted);

        Assert.Equal(2, location.Balances.Count);
        Assert.Equal(12, location.OnHand("STEEL", "S-1"));
        Assert.Equal(17, location.OnHand("STEEL"));
        Assert.Equal(LotStatus.QualityHold, location.Balances.Single(b => b.LotId == "S-2").Status);
    }

    [Fact]
    public void Issuing_more_than_is_there_is_rejected_with_a_clear_error()
    {
        var location = Location();
        location.Receive("STEEL", "S-1", 10, "kg", LotStatus.Unrestricted);
        var error = Assert.Throws<DomainRuleException>(() => location.Issue("STEEL", "S-1", 10.5m, IssueReason.Shipment, null));

        Assert.Equal(DomainErrors.InsufficientStock, error.Code);
        Assert.Contains("has 10", error.Message);
        Assert.Equal(10, location.OnHand("STEEL", "S-1"));
    }

    [Fact]
    public void Held_stock_cannot_be_issued_to_production_but_can_be_scrapped()
    {
        var location = Location();
        location.Receive("STEEL", "S-1", 10, "kg", LotStatus.Unrestricted);
        location.ApplyLotStatus("S-1", LotStatus.QualityHold, 1);

        Assert.Equal(DomainErrors.StockOnHold, Code(() => location.Issue("STEEL", "S-1", 1, IssueReason.Production, null)));
        location.Issue("STEEL", "S-1", 1, IssueReason.Scrap, null);
        Assert.Equal(9, location.OnHand("STEEL", "S-1"));
    }

    [Fact]
    public void The_lot_twins_own_status_wins_over_a_stale_balance()
    {
        var location = Location();
        location.Receive("STEEL", "S-1", 10, "kg", LotStatus.Unrestricted);
        Assert.Equal(DomainErrors.StockOnHold, Code(() => location.Issue("STEEL", "S-1", 1, IssueReason.Production, LotStatus.Blocked)));
    }

    [Fact]
    public void Status_pushes_rebook_stock_and_older_pushes_are_ignored()
    {
        var location = Location();
        location.Receive("STEEL", "S-1", 10, "kg", LotStatus.Unrestricted);
        Assert.True(location.ApplyLotStatus("S-1", LotStatus.QualityHold, 2));
        Assert.False(location.ApplyLotStatus("S-1", LotStatus.Unrestricted, 1));

        Assert.Equal(LotStatus.QualityHold, location.Balances.Single().Status);
        Assert.Equal(10, location.OnHand("STEEL", "S-1"));
    }

    [Fact]
    public void A_move_takes_stock_off_owes_it_and_the_destination_books_it_once()
    {
        var source = Location("A");
        var destination = Location("B");
        source.Receive("STEEL", "S-1", 10, "kg", LotStatus.Unrestricted);

        var transfer = source.StartMove("m-1", "B", "STEEL", "S-1", 4, "c", T0);
        Assert.Equal(6, source.OnHand("STEEL", "S-1"));
        Assert.Single(source.Outgoing);

        Assert.True(destination.AcceptTransfer(transfer.TransferId, transfer.Item, transfer.LotId, transfer.Quantity, transfer.Unit, transfer.Status));
        Assert.False(destination.AcceptTransfer(transfer.TransferId, transfer.Item, transfer.LotId, transfer.Quantity, transfer.Unit, transfer.Status));
        Assert.Equal(4, destination.OnHand("STEEL", "S-1"));

        Assert.NotNull(source.CompleteMove("m-1"));
        Assert.Null(source.CompleteMove("m-1"));
        Assert.Empty(source.Outgoing);
    }

    [Fact]
    public void A_refused_move_returns_the_stock()
    {
        var source = Location("A");
        source.Receive("STEEL", "S-1", 10, "kg", LotStatus.Unrestricted);
        source.StartMove("m-1", "NOWHERE", "STEEL", "S-1", 4, "c", T0);
        source.CancelMove("m-1");
        Assert.Equal(10, source.OnHand("STEEL", "S-1"));
        Assert.Empty(source.Outgoing);
    }

    [Fact]
    public void Moves_are_rejected_when_short_to_the_same_location_or_for_zero()
    {
        var source = Location("A");
        source.Receive("STEEL", "S-1", 10, "kg", LotStatus.Unrestricted);
        Assert.Equal(DomainErrors.InsufficientStock, Code(() => source.StartMove("m", "B", "STEEL", "S-1", 11, "c", T0)));
        Assert.Equal(DomainErrors.SameLocation, Code(() => source.StartMove("m", "A", "STEEL", "S-1", 1, "c", T0)));
        Assert.Equal(DomainErrors.InvalidQuantity, Code(() => source.StartMove("m", "B", "STEEL", "S-1", 0, "c", T0)));
    }

    [Fact]
    public void Held_stock_moves_with_its_status()
    {
        var source = Location("A");
        var destination = Location("B");
        source.Receive("STEEL", "S-1", 10, "kg", LotStatus.QualityHold);
        var transfer = source.StartMove("m-1", "B", "STEEL", "S-1", 10, "c", T0);
        destination.AcceptTransfer("m-1", "STEEL", "S-1", 10, "kg", transfer.Status);
        Assert.Equal(LotStatus.QualityHold, destination.Balances.Single().Status);
    }

    [Fact]
    public void Split_and_merge_relabel_stock_without_changing_the_total()
    {
        var location = Location();
        location.Receive("STEEL", "S-1", 10, "kg", LotStatus.Unrestricted);
        location.Split("STEEL", "S-1", "S-1a", 4);
        Assert.Equal(6, location.OnHand("STEEL", "S-1"));
        Assert.Equal(4, location.OnHand("STEEL", "S-1a"));

        location.Merge("STEEL", "S-1a", "S-1");
        Assert.Equal(10, location.OnHand("STEEL", "S-1"));
        Assert.Equal(0, location.OnHand("STEEL", "S-1a"));
        Assert.Equal(10, location.OnHand("STEEL"));
    }

    [Fact]
    public void Merging_lots_of_different_status_or_item_is_rejected()
    {
        var location = Location();
        location.Receive("STEEL", "S-1", 10, "kg", LotStatus.Unrestricted);
        location.Receive("STEEL", "S-2", 10, "kg", LotStatus.QualityHold);
        location.Receive("COPPER", "C-1", 10, "kg", LotStatus.Unrestricted);
        Assert.Equal(DomainErrors.LotStatusMismatch, Code(() => location.Merge("STEEL", "S-1", "S-2")));
        Assert.Equal(DomainErrors.ItemMismatch, Code(() => location.Merge("STEEL", "S-1", "C-1")));
        Assert.Equal(DomainErrors.InsufficientStock, Code(() => location.Split("STEEL", "S-1", "S-9", 11)));
    }

    [Fact]
    public void A_lot_held_as_one_item_cannot_be_received_as_another()
    {
        var location = Location();
        location.Receive("STEEL", "S-1", 10, "kg", LotStatus.Unrestricted);
        Assert.Equal(DomainErrors.ItemMismatch, Code(() => location.Receive("COPPER", "S-1", 1, "kg", LotStatus.Unrestricted)));
        Assert.Equal(DomainErrors.UnitMismatch, Code(() => location.Receive("STEEL", "S-1", 1, "t", LotStatus.Unrestricted)));
        Assert.Equal(DomainErrors.InvalidQuantity, Code(() => location.Receive("STEEL", "S-1", -1, "kg", LotStatus.Unrestricted)));
    }

    [Fact]
    public void Commands_on_a_location_that_was_never_created_are_location_not_found()
    {
        Assert.Equal(DomainErrors.LocationNotFound, Code(() => new WarehouseLocationTwin().Receive("I", "L", 1, "pcs", LotStatus.Unrestricted)));
    }
}
