using Orleans.Runtime;
using Twin.Contracts;
using Twin.Erp.Transactions;

namespace Twin.Pipeline.Tests;

/// <summary>
/// Posting windows through the ERP-sync grain on a silo: many production reports of one operation become one ERP
/// document with their exact sum; order completion closes the window early as the final confirmation; a machine going
/// Down closes the windows it reported on; redeliveries add nothing.
/// </summary>
[Collection(ErpPostingWindowCollection.Name)]
public sealed class ErpPostingWindowTests(ErpPostingWindowClusterFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static TwinEvent Good(string plant, string eventId, decimal good, string workOrder = "WO-1", string machine = "press-3") =>
        ErpTransactionMappingTests.Event(eventId, new ProductionReported(workOrder, 10, "FG-100", good, "pcs", machine), plant);

    private static List<ErpTransaction> Posted(string plant) =>
        ScriptedErpConnector.Instance.Posted.Where(t => t.Plant == plant).DistinctBy(t => t.IdempotencyKey).ToList();

    [Fact]
    public async Task Reports_of_one_operation_within_the_window_reach_the_ERP_as_one_document_with_the_exact_sum()
    {
        var plant = NewPlant();
        var stream = fixture.Cluster.Client.GetStreamProvider(TwinProviders.ErpStreams)
            .GetStream<TwinEvent>(StreamId.Create(StreamNamespaces.ErpOutbox, plant));
        const int Events = 60;
        var quantities = Enumerable.Range(1, Events).Select(i => i / 8m).ToList();
        for (var i = 0; i < Events; i++)
        {
            var e = Good(plant, $"g-{i}", quantities[i]);
            await stream.OnNextAsync(e);
            if (i % 5 == 0)
            {
                await stream.OnNextAsync(e); // at-least-once: redelivered
            }
        }

        var sync = fixture.Cluster.GrainFactory.GetGrain<IErpSyncGrain>(plant);
        var figures = await Until(sync, f => f.Posted == 1 && f.SourcesBooked == Events, "one document carrying every report");

        var document = Assert.Single(Posted(plant));
        Assert.Equal(quantities.Sum(), document.Quantity);
        Assert.Equal(Events, document.SourceEventIds.Count);
        Assert.Equal(ErpIdempotencyKey.Derive(ErpTransactionKind.ProductionConfirmation, document.SourceEventIds), document.IdempotencyKey);
        Assert.False(document.Final);
        Assert.Equal((0L, 0, 12L), (figures.StagedSources, figures.PendingCount, figures.Duplicates));
    }

    [Fact]
    public async Task Production_still_in_an_open_window_counts_as_delayed_once_older_than_asked()
    {
        var plant = NewPlant();
        var sync = fixture.Cluster.GrainFactory.GetGrain<IErpSyncGrain>(plant);
        await sync.Offer(Good(plant, "g-1", 3));
        await sync.Offer(Good(plant, "g-2", 4));
        await Task.Delay(20); // staged strictly before the cut-off below

        // No document exists yet (the window is open), but the reports are older than zero seconds...
        var now = await sync.GetKpiCounts(TimeSpan.Zero);
        Assert.Equal((2L, 2L), (now.DelayedConfirmations, now.DelayedInOpenWindows));
        Assert.Equal(2L, (await sync.GetFigures()).StagedSources);
        // ...and younger than an hour.
        var hour = await sync.GetKpiCounts(TimeSpan.FromHours(1));
        Assert.Equal((0L, 0L), (hour.DelayedConfirmations, hour.DelayedInOpenWindows));
    }

    [Fact]
    public async Task Order_completion_closes_the_window_early_as_the_final_confirmation()
    {
        var plant = NewPlant();
        var sync = fixture.Cluster.GrainFactory.GetGrain<IErpSyncGrain>(plant);
        await sync.Offer(Good(plant, "g-1", 3));
        await sync.Offer(ErpTransactionMappingTests.Event("s-1", new ScrapReported("WO-1", 10, "FG-100", 1, "pcs", "burr", "press-3"), plant));
        await sync.Offer(Good(plant, "g-2", 4));
        Assert.Equal(3L, (await sync.GetFigures()).StagedSources);

        var answer = await sync.Offer(ErpTransactionMappingTests.Event("done", new WorkOrderStatusChanged("WO-1", WorkOrderStatus.InProgress, WorkOrderStatus.Completed, null), plant));

        Assert.Equal(ErpOfferAnswer.NotForErp, answer);
        var sealedAtOnce = await sync.GetFigures();
        Assert.Equal(0L, sealedAtOnce.StagedSources); // sealed before the trigger was answered, not by the window's time
        await Until(sync, f => f.Posted == 2, "the final confirmation and its scrap");
        var posted = Posted(plant);
        Assert.All(posted, d => Assert.True(d.Final));
        Assert.Equal(7m, posted.Single(d => d.Kind == ErpTransactionKind.ProductionConfirmation).Quantity);
        Assert.Equal(1m, posted.Single(d => d.Kind == ErpTransactionKind.Scrap).Quantity);
    }

    [Fact]
    public async Task A_machine_going_down_closes_the_windows_it_reported_on_and_later_reports_start_a_new_one()
    {
        var plant = NewPlant();
        var sync = fixture.Cluster.GrainFactory.GetGrain<IErpSyncGrain>(plant);
        await sync.Offer(Good(plant, "a-1", 2));
        await sync.Offer(Good(plant, "a-2", 3));
        await sync.Offer(Good(plant, "other", 9, workOrder: "WO-2", machine: "press-4"));

        await sync.Offer(ErpTransactionMappingTests.Event("down", new MachineStatusChanged("press-3", MachineStatus.Running, MachineStatus.Down, "jam"), plant));
        Assert.Equal(1L, (await sync.GetFigures()).StagedSources); // press-4's window is still open
        await sync.Offer(Good(plant, "b-1", 5));

        await Until(sync, f => f.Posted == 3 && f.StagedSources == 0, "three documents: before the stop, after it, and press-4's");
        var wo1 = Posted(plant).Where(d => d.WorkOrder == "WO-1").OrderBy(d => d.Quantity).ToList();
        Assert.Equal([5m, 5m], wo1.Select(d => d.Quantity));
        Assert.Equal(["a-1", "a-2"], wo1.Single(d => d.SourceEventIds.Count == 2).SourceEventIds);
        Assert.All(wo1, d => Assert.False(d.Final));
    }

    [Fact]
    public async Task Goods_issues_lot_transfers_and_stock_scrap_are_documents_of_their_own_at_once()
    {
        var plant = NewPlant();
        var sync = fixture.Cluster.GrainFactory.GetGrain<IErpSyncGrain>(plant);

        Assert.Equal(ErpOfferAnswer.Queued, await sync.Offer(ErpTransactionMappingTests.Event("ship", new StockIssued("FG-01", "FG-100", "LOT-1", 20, "pcs", IssuePurpose.Shipment, null), plant)));
        Assert.Equal(ErpOfferAnswer.Queued, await sync.Offer(ErpTransactionMappingTests.Event("scrap", new StockIssued("FG-01", "FG-100", "LOT-1", 1, "pcs", IssuePurpose.Scrap, null), plant)));
        Assert.Equal(ErpOfferAnswer.Queued, await sync.Offer(ErpTransactionMappingTests.Event("split", new LotSplit("FG-01", "FG-100", "LOT-1", "LOT-1A", 5, "pcs"), plant)));

        var figures = await sync.GetFigures();
        Assert.Equal(0L, figures.StagedSources);
        await Until(sync, f => f.Posted == 3, "three documents");
        Assert.Equal(
            [ErpTransactionKind.GoodsIssue, ErpTransactionKind.ScrapFromStock, ErpTransactionKind.LotTransfer],
            Posted(plant).Select(d => d.Kind).Order());
    }

    private static string NewPlant() => $"window-{Guid.NewGuid():N}"[..20];

    private static Task<ErpSyncFigures> Until(IErpSyncGrain sync, Func<ErpSyncFigures, bool> done, string what) =>
        ErpSyncWait.Until(sync, done, what, Deadline);
}
