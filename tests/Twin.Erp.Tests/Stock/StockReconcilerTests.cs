using Twin.Erp.Stock;

namespace Twin.Erp.Tests.Stock;

public sealed class StockReconcilerTests
{
    [Fact]
    public void A_difference_counts_only_when_two_runs_in_a_row_see_the_same_quantities()
    {
        var reconciler = new StockReconciler();
        ErpStockLine[] twin = [new("A1", "STEEL", "L-1", 60, "kg"), new("A1", "STEEL", "L-1", 40, "kg"), new("A1", "BOLT", null, 5, "pcs")];
        ErpStockLine[] erp = [new("A1", "STEEL", "L-1", 100, "kg")];

        Run(reconciler, twin, erp);
        Assert.Empty(reconciler.Confirmed);      // statuses are summed: 60 + 40 = 100; the bolts differ for the first time
        Assert.Equal(1, reconciler.Unconfirmed);

        Run(reconciler, twin, erp);
        var mismatch = Assert.Single(reconciler.Confirmed);
        Assert.Equal(new StockMismatch("A1", "BOLT", null, 5, 0, "pcs"), mismatch);
    }

    [Fact]
    public void A_movement_on_its_way_is_not_confirmed_because_one_side_moves_by_the_next_run()
    {
        var reconciler = new StockReconciler();
        Run(reconciler, [new("A1", "STEEL", "L-1", 100, "kg")], [new("A1", "STEEL", "L-1", 90, "kg")]);
        Run(reconciler, [new("A1", "STEEL", "L-1", 100, "kg")], [new("A1", "STEEL", "L-1", 100, "kg")]); // the ERP booked it
        Assert.Empty(reconciler.Confirmed);
        Assert.Equal(0, reconciler.Unconfirmed);

        Run(reconciler, [new("A1", "STEEL", "L-1", 80, "kg")], [new("A1", "STEEL", "L-1", 100, "kg")]);
        Run(reconciler, [new("A1", "STEEL", "L-1", 70, "kg")], [new("A1", "STEEL", "L-1", 100, "kg")]); // still moving
        Assert.Empty(reconciler.Confirmed);
    }

    [Fact]
    public void An_abandoned_run_confirms_nothing_and_the_next_one_compares_with_the_last_whole_run()
    {
        var reconciler = new StockReconciler();
        ErpStockLine[] twin = [new("A1", "STEEL", "L-1", 100, "kg")];
        Run(reconciler, twin, []);
        reconciler.BeginRun();
        reconciler.AbandonRun();
        Run(reconciler, twin, []);
        Assert.Single(reconciler.Confirmed);
    }

    [Fact]
    public void Memory_between_runs_is_bounded()
    {
        var reconciler = new StockReconciler(maxTracked: 2);
        var twin = Enumerable.Range(0, 5).Select(i => new ErpStockLine($"L{i}", "X", null, 1, "pcs")).ToList();
        Run(reconciler, twin, []);
        Run(reconciler, twin, []);
        Assert.Equal(2, reconciler.Confirmed.Count);
        Assert.Equal(3, reconciler.Unconfirmed);
    }

    private static void Run(StockReconciler reconciler, IEnumerable<ErpStockLine> twin, IEnumerable<ErpStockLine> erp)
    {
        reconciler.BeginRun();
        reconciler.Compare(twin, erp);
        reconciler.EndRun();
    }
}
