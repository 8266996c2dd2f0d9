using Orleans.Runtime;
using Twin.Contracts;
using Twin.Erp.Connector;
using Twin.Erp.Transactions;

namespace Twin.Pipeline.Tests;

/// <summary>The ERP-sync grain on a real (in-process) silo: queue, dedupe, transient vs rejected, replay, stream entry.</summary>
[Collection(ErpSyncCollection.Name)]
public sealed class ErpSyncGrainTests(ErpSyncClusterFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private static TwinEvent Production(string plant, string eventId, decimal good, string workOrder = "WO-1") =>
        ErpTransactionMappingTests.Event(eventId, new ProductionReported(workOrder, 10, "FG-100", good, "pcs", "press-3"), plant);

    [Fact]
    public async Task A_business_event_is_queued_posted_once_and_a_redelivery_is_recognised()
    {
        var plant = NewPlant();
        var sync = fixture.Cluster.GrainFactory.GetGrain<IErpSyncGrain>(plant);

        Assert.Equal(ErpOfferAnswer.Queued, await sync.Offer(Production(plant, "e-1", 5)));
        var figures = await Until(sync, f => f.Posted == 1, "the confirmation to be booked");
        Assert.Equal(ErpOfferAnswer.Duplicate, await sync.Offer(Production(plant, "e-1", 5)));

        Assert.Equal(0, figures.PendingCount);
        Assert.True(figures.ConnectorConfigured);
        Assert.Single(ScriptedErpConnector.Instance.Posted, t => t.Plant == plant);
        Assert.Equal(1, (await sync.GetFigures()).Duplicates);
    }

    [Fact]
    public async Task Events_the_ERP_does_not_book_are_counted_not_queued()
    {
        var plant = NewPlant();
        var sync = fixture.Cluster.GrainFactory.GetGrain<IErpSyncGrain>(plant);

        var answer = await sync.Offer(ErpTransactionMappingTests.Event("s-1", new MachineStatusChanged("press-3", MachineStatus.Idle, MachineStatus.Running, null), plant));

        Assert.Equal(ErpOfferAnswer.NotForErp, answer);
        var figures = await sync.GetFigures();
        Assert.Equal((0, 1L), (figures.PendingCount, figures.NotForErp));
    }

    [Fact]
    public async Task A_transient_failure_keeps_the_transaction_queued_and_it_is_booked_when_the_ERP_is_back()
    {
        var plant = NewPlant();
        var sync = fixture.Cluster.GrainFactory.GetGrain<IErpSyncGrain>(plant);
        ScriptedErpConnector.Instance.Answer(t => t.Plant == plant
            ? ErpPostOutcome.Transient(t.IdempotencyKey, "503 from the ERP")
            : ErpPostOutcome.Booked(t.IdempotencyKey, "DOC"));

        await sync.Offer(Production(plant, "e-1", 3));
        var down = await Until(sync, f => f.Retried >= 2, "two failed posts");
        Assert.Equal((1, 0L, 0), (down.PendingCount, down.DeadLettered, down.DeadLetterCount));
        Assert.Equal("503 from the ERP", down.LastFailure);

        ScriptedErpConnector.Instance.Answer(t => ErpPostOutcome.Booked(t.IdempotencyKey, "DOC"));
        var up = await Until(sync, f => f.Posted == 1, "the booking after the ERP came back");
        Assert.Equal(0, up.PendingCount);
    }

    [Fact]
    public async Task A_rejection_goes_to_dead_letters_with_the_reason_and_replay_books_it_after_the_fix()
    {
        var plant = NewPlant();
        var sync = fixture.Cluster.GrainFactory.GetGrain<IErpSyncGrain>(plant);
        ScriptedErpConnector.Instance.Answer(t => t.Plant == plant && t.WorkOrder == "WO-404"
            ? ErpPostOutcome.Rejected(t.IdempotencyKey, "Work order WO-404 is not released in this ERP.")
            : ErpPostOutcome.Booked(t.IdempotencyKey, "DOC"));

        await sync.Offer(Production(plant, "e-1", 7, "WO-404"));
        await Until(sync, f => f.DeadLetterCount == 1, "the rejection to be dead-lettered");
        var letter = Assert.Single(await sync.GetDeadLetters());
        Assert.Equal(("ProductionConfirmation", "WO-404", 7m), (letter.Kind, letter.WorkOrder, letter.Quantity));
        Assert.Equal("Work order WO-404 is not released in this ERP.", letter.Reason);
        Assert.Equal(ErpReplayAnswer.NotFound, await sync.Replay("no-such-key"));

        ScriptedErpConnector.Instance.Answer(t => ErpPostOutcome.Booked(t.IdempotencyKey, "DOC"));
        Assert.Equal(ErpReplayAnswer.Replayed, await sync.Replay(letter.IdempotencyKey));

        var figures = await Until(sync, f => f.Posted == 1, "the replayed transaction to be booked");
        Assert.Equal((0, 1L, 1L), (figures.DeadLetterCount, figures.Replayed, figures.DeadLettered));
        Assert.Empty(await sync.GetDeadLetters());
    }

    [Fact]
    public async Task A_goods_movement_the_ERP_parked_with_a_booked_confirmation_is_a_dead_letter_counted_as_not_posted()
    {
        var plant = NewPlant();
        var sync = fixture.Cluster.GrainFactory.GetGrain<IErpSyncGrain>(plant);
        ScriptedErpConnector.Instance.Answer(t => t.Plant == plant && t.WorkOrder == "WO-COGI"
            ? ErpPostOutcome.Booked(t.IdempotencyKey, "1001/00000001") with
            {
                FailedGoodsMovements =
                [
                    new ErpFailedGoodsMovement(
                        t with
                        {
                            IdempotencyKey = ErpIdempotencyKey.Derive(ErpTransactionKind.MaterialConsumption, [t.IdempotencyKey], "cogi"),
                            Kind = ErpTransactionKind.MaterialConsumption,
                            Item = "RM-300",
                            Quantity = 5,
                            SourceEventIds = [t.IdempotencyKey],
                        },
                        "SAP booked confirmation 1001/00000001 but did not post its goods movement 261 (error pool, COGI): M7/021: Deficit"),
                ],
            }
            : ErpPostOutcome.Booked(t.IdempotencyKey, "DOC"));

        await sync.Offer(Production(plant, "e-cogi", 7, "WO-COGI"));
        var figures = await Until(sync, f => f.Posted == 1 && f.DeadLetterCount == 1, "the confirmation booked and its parked movement dead-lettered");
        Assert.Equal(0, figures.PendingCount);
        var letter = Assert.Single(await sync.GetDeadLetters());
        Assert.Equal(("MaterialConsumption", "RM-300", 5m), (letter.Kind, letter.Item, letter.Quantity));
        Assert.EndsWith("M7/021: Deficit", letter.Reason, StringComparison.Ordinal);
        var kpi = await sync.GetKpiCounts(TimeSpan.FromHours(1));
        Assert.Equal(1L, kpi.UnpostedGoodsMovements["MaterialConsumption"]);
        Assert.Single(ScriptedErpConnector.Instance.Posted, t => t.Plant == plant);
    }

    [Fact]
    public async Task Business_events_on_the_plants_erp_outbox_stream_reach_its_ERP_sync()
    {
        var plant = NewPlant();
        var stream = fixture.Cluster.Client.GetStreamProvider(TwinProviders.ErpStreams)
            .GetStream<TwinEvent>(StreamId.Create(StreamNamespaces.ErpOutbox, plant));

        await stream.OnNextAsync(Production(plant, "e-1", 2));
        await stream.OnNextAsync(Production(plant, "e-1", 2)); // at-least-once: a redelivery
        await stream.OnNextAsync(Production(plant, "e-2", 4));

        var sync = fixture.Cluster.GrainFactory.GetGrain<IErpSyncGrain>(plant);
        var figures = await Until(sync, f => f.Posted == 2 && f.Duplicates == 1, "both confirmations booked and the redelivery recognised");
        Assert.Equal(6m, ScriptedErpConnector.Instance.Posted.Where(t => t.Plant == plant).Sum(t => t.Quantity));
        Assert.Equal(0, figures.PendingCount);
    }

    [Fact]
    public async Task A_stream_item_holding_a_batch_is_queued_whole_with_redeliveries_inside_it_recognised()
    {
        var plant = NewPlant();
        var stream = fixture.Cluster.Client.GetStreamProvider(TwinProviders.ErpStreams)
            .GetStream<TwinEvent>(StreamId.Create(StreamNamespaces.ErpOutbox, plant));
        // One item as the twins' batching publisher sends it: 300 events, 20 of them twice, one of another plant,
        // one the ERP does not book.
        var batch = Enumerable.Range(0, 300).Select(i => Production(plant, $"b-{i}", 1)).ToList();
        batch.AddRange(Enumerable.Range(0, 20).Select(i => Production(plant, $"b-{i}", 1)));
        batch.Add(Production("elsewhere", "x-1", 50));
        batch.Add(ErpTransactionMappingTests.Event("s-1", new MachineStatusChanged("press-3", MachineStatus.Idle, MachineStatus.Running, null), plant));

        await stream.OnNextBatchAsync(batch);

        var sync = fixture.Cluster.GrainFactory.GetGrain<IErpSyncGrain>(plant);
        var figures = await Until(sync, f => f.Posted == 300, "every confirmation of the batch booked");
        Assert.Equal((20L, 1L, 0), (figures.Duplicates, figures.NotForErp, figures.PendingCount));
        Assert.Equal(300m, ScriptedErpConnector.Instance.Posted.Where(t => t.Plant == plant).Sum(t => t.Quantity));
        Assert.DoesNotContain(ScriptedErpConnector.Instance.Posted, t => t.Plant == "elsewhere");
    }

    [Fact]
    public async Task An_event_of_another_plant_is_refused()
    {
        var sync = fixture.Cluster.GrainFactory.GetGrain<IErpSyncGrain>(NewPlant());

        var error = await Assert.ThrowsAsync<ArgumentException>(() => sync.Offer(Production("elsewhere", "e-1", 1)));

        Assert.Contains("of plant elsewhere", error.Message, StringComparison.Ordinal);
    }

    // Each test has its own plant, so the shared silo and scripted ERP cannot mix their figures.
    private static string NewPlant() => $"plant-{Guid.NewGuid():N}"[..20];

    private static Task<ErpSyncFigures> Until(IErpSyncGrain sync, Func<ErpSyncFigures, bool> done, string what) =>
        ErpSyncWait.Until(sync, done, what, Deadline);
}
