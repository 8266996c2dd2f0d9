using Orleans.Runtime;
using Twin.Contracts;
using Twin.Erp.Connector;
using Twin.Hosting.Providers;

namespace Twin.Pipeline.Tests;

/// <summary>
/// Issue 10 item 2: no item on the ERP path can be skipped or dead-lettered by the stream layer. The two ways the
/// stream layer sees a failure are a consumer that throws and a send that fails; each is made to happen for longer
/// than the side that failed holds on by itself, with items behind it, and every event must still be booked once.
/// </summary>
[Collection(ErpStreamFaultCollection.Name)]
public sealed class ErpStreamLayerTests(ErpStreamFaultFixture fixture)
{
    /// <summary>
    /// The outbox store is down for ten times the handler's hold: the ERP-sync grain throws on the item it holds, again
    /// and again, while 40 more items queue behind it. The ERP stream's agents redeliver (they never give up) and the
    /// items behind are neither skipped nor aged out of the cache.
    /// </summary>
    [Fact]
    public async Task A_consumer_that_throws_because_its_store_is_down_gets_the_item_again_and_skips_nothing_behind_it()
    {
        var plant = $"store-down-{Guid.NewGuid():N}"[..22];
        ScriptedErpConnector.Instance.Answer(t => ErpPostOutcome.Booked(t.IdempotencyKey, "DOC"));
        var stream = fixture.Cluster.Client.GetStreamProvider(TwinProviders.ErpStreams).GetStream<TwinEvent>(StreamId.Create(StreamNamespaces.ErpOutbox, plant));
        var sync = fixture.Cluster.GrainFactory.GetGrain<IErpSyncGrain>(plant);

        // The grain is active and has taken its first item before the store goes away.
        await stream.OnNextAsync(Report(plant, 0));
        await ErpSyncWait.Until(sync, f => f.Posted == 1, "the first event booked", TimeSpan.FromSeconds(20));

        ErpStreamFaultFixture.Store.Down(plant);
        const int Items = 40;
        const int PerItem = 5;
        for (var i = 0; i < Items; i++)
        {
            await stream.OnNextBatchAsync(Enumerable.Range(1 + i * PerItem, PerItem).Select(n => Report(plant, n)).ToList());
        }

        var outage = ErpStreamFaultFixture.StoreRetryBudget * 10;
        await Task.Delay(outage);
        var refused = ErpStreamFaultFixture.Store.Refused(plant);
        ErpStreamFaultFixture.Store.Up(plant);

        const int Events = 1 + Items * PerItem;
        var up = await ErpSyncWait.Until(sync, f => f.Posted == Events && f.PendingCount == 0, $"all {Events} events booked after the store is back", TimeSpan.FromSeconds(30));
        Assert.True(refused >= 3, $"the store should have refused the held item several times, across the handler's {ErpStreamFaultFixture.StoreRetryBudget.TotalMilliseconds} ms hold: {refused}");
        Assert.Equal(0, up.DeadLetterCount);
        var posted = ScriptedErpConnector.Instance.Posted.Where(t => t.Plant == plant).ToList();
        Assert.Equal(Events, posted.Select(t => t.IdempotencyKey).Distinct().Count());
        Assert.Equal(Enumerable.Range(0, Events).Sum(n => Quantity(n)), posted.DistinctBy(t => t.IdempotencyKey).Sum(t => t.Quantity));
    }

    /// <summary>
    /// The ERP stream refuses every send of a plant while a work order reports production: the reports are answered
    /// (the twin wrote them and keeps their events in its stored outbox), nothing reaches the ERP. Once sends are
    /// accepted again, with no further change to the twin, every report is booked once: the twin re-sends on its own.
    /// </summary>
    [Fact]
    public async Task A_refused_stream_send_stays_with_the_twin_and_is_sent_again_without_a_next_change()
    {
        var plant = $"send-fail-{Guid.NewGuid():N}"[..22];
        var order = $"{plant}-WO-1";
        ScriptedErpConnector.Instance.Answer(t => ErpPostOutcome.Booked(t.IdempotencyKey, "DOC"));
        var workOrder = fixture.Cluster.GrainFactory.GetGrain<IWorkOrderGrain>(order);
        Check(await workOrder.Create(new CreateWorkOrder(Context($"{order}-create"), plant, "FG-100", 1_000m, "pcs",
            [new RoutingOperation(10, "presses", null, TimeSpan.FromSeconds(1))])));
        Check(await workOrder.ChangeStatus(new ChangeWorkOrderStatus(Context($"{order}-release"), WorkOrderStatus.Released)));

        ErpStreamSendFaults.Refuse(plant);
        var refusedBefore = ErpStreamSendFaults.Refused;
        for (var i = 0; i < 5; i++)
        {
            Check(await workOrder.ReportProduction(new ReportProduction(Context($"{order}-r{i}"), 10, i + 1, 0m)));
        }

        await Task.Delay(TimeSpan.FromSeconds(1.5)); // The twin's retries meet refusals too.
        var refused = ErpStreamSendFaults.Refused - refusedBefore;
        Assert.DoesNotContain(ScriptedErpConnector.Instance.Posted, t => t.Plant == plant);
        ErpStreamSendFaults.Accept(plant);

        var sync = fixture.Cluster.GrainFactory.GetGrain<IErpSyncGrain>(plant);
        var up = await ErpSyncWait.Until(sync, f => f.Posted == 5 && f.PendingCount == 0, "the five reports booked with no further change to the twin", TimeSpan.FromSeconds(20));
        Assert.True(refused >= 2, $"the twin should have tried again while sends were refused: {refused} refusals");
        Assert.Equal(0, up.DeadLetterCount);
        var posted = ScriptedErpConnector.Instance.Posted.Where(t => t.Plant == plant).DistinctBy(t => t.IdempotencyKey).ToList();
        Assert.Equal(5, posted.Count);
        Assert.Equal(15m, posted.Sum(t => t.Quantity));
        Assert.Equal(15m, (await workOrder.GetSnapshot())!.Operations.Single().Good);
    }

    private static decimal Quantity(int n) => 1 + n % 3;

    private static TwinEvent Report(string plant, int n) =>
        ErpTransactionMappingTests.Event($"{plant}-e-{n}", new ProductionReported("WO-1", 10, "FG-100", Quantity(n), "pcs", "press-3"), plant);

    private static CommandContext Context(string requestId) => new(requestId, requestId, "stream-layer-test");

    private static void Check(CommandResult result) =>
        Assert.True(result.Succeeded, $"{result.Error?.Code}: {result.Error?.Message}");
}
