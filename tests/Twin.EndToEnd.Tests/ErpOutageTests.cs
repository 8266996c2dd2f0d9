using Twin.EndToEnd.Tests.Harness;
using Xunit.Abstractions;

namespace Twin.EndToEnd.Tests;

/// <summary>
/// Issue 10 item 6: an ERP outage longer than the stream delivery limits, with production flowing into a small
/// queue (Erp:Outbox:MaxPending 10). The old grain threw when its queue was full; the stream's pulling agent gave up on an item after
/// Orleans' MaxEventDeliveryTime (1 minute by default) and 82 % of a 180 s outage never reached the ERP. The outage
/// here (85 s) outlasts that default; the product's ERP stream runs with 20 days (docs/erp-outbox.md), and the
/// outbox never refuses, so nothing may be lost: booked = counted, exactly, good and scrap, each once.
/// </summary>
public abstract class ErpOutageTests(ShopFloorToErpFixture plant, ITestOutputHelper output)
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(85);

    /// <summary>A part every 250 ms: ~340 parts in the outage, up to ~85 owed reports (machines write at most once a second).</summary>
    private static readonly TimeSpan PartEvery = TimeSpan.FromMilliseconds(250);

    private static readonly TimeSpan DrainTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Erp:Outbox:MaxPending of the fixture (ErpOutageFixture).</summary>
    private const int SmallQueue = 10;

    [Fact]
    public async Task An_ERP_outage_longer_than_the_stream_delivery_limit_with_a_small_queue_books_every_part_once_afterwards()
    {
        const string order = "WO-E2E-OUTAGE";
        await plant.StartOrderAsync(order);
        var first = plant.Ticks;
        var before = await plant.Rest.ErpFiguresAsync();

        await plant.Erp.FaultAsync(new { outageSeconds = (int)Outage.TotalSeconds });
        var outageEnds = DateTimeOffset.UtcNow + Outage;
        await using (var production = ContinuousProduction.Start(plant, PartEvery))
        {
            var during = await Eventually.Until(plant.Rest.ErpFiguresAsync, f => f.Retried > before.Retried && f.PendingCount > 2 * SmallQueue, Outage,
                $"the ERP sync to retry against the outage with more than twice the old queue of {SmallQueue} pending", f => f.ToString());
            output.WriteLine($"During the outage: {during}");
            var left = outageEnds - DateTimeOffset.UtcNow - TimeSpan.FromSeconds(5);
            if (left > TimeSpan.Zero)
            {
                await Task.Delay(left); // Production goes on until just before the ERP is back.
            }

            await production.StopAsync();
        }

        var counted = plant.Ticks - first;
        var scrap = FlowSteps.ScrapBetween(first, plant.Ticks);
        var documents = await plant.BookedAsync(order, counted, scrap, Outage + DrainTimeout);

        var after = await plant.Rest.ErpFiguresAsync();
        var progress = (await plant.Rest.WorkOrderAsync(order)).Operations.Single(o => o.Sequence == 10);
        var seen = $"plant made {counted} good, {scrap} scrap during the outage; work order has {progress.Good} good, {progress.Scrap} scrap; "
            + $"ERP booked {Good(documents)} good, {Scrap(documents)} scrap in {documents.Count} documents; figures {after}";
        output.WriteLine(seen);
        Assert.True(counted == progress.Good, seen);
        // Posting windows are on (3 s, ErpOutageFixture): several counter steps share a document, and per operation the
        // booked sums equal the twin's counts exactly; each key is the one its document's source set derives.
        documents = await plant.AssertBookedEqualsCountedAsync(order, counted, scrap, seen);
        output.WriteLine(FlowSteps.Aggregation(documents));
        var confirmations = documents.Where(d => d.Kind == "ProductionConfirmation").ToList();
        Assert.True(confirmations.Sum(d => d.SourceEventIds.Count) > confirmations.Count, $"no confirmation carried more than one source event: {FlowSteps.Aggregation(documents)}");
        // Nothing refused, nothing dead-lettered, nothing left behind.
        Assert.True(after.Refused == 0 && after.DeadLettered == before.DeadLettered, seen);
        await Eventually.Until(plant.Rest.ErpFiguresAsync, f => f.PendingCount == 0, FlowSteps.FlowTimeout, "the ERP queue to be empty", f => f.ToString());
    }

    private static decimal Good(IEnumerable<AuditDocument> documents) => documents.Where(x => x.Kind == "ProductionConfirmation").Sum(x => x.Quantity);

    private static decimal Scrap(IEnumerable<AuditDocument> documents) => documents.Where(x => x.Kind == "Scrap").Sum(x => x.Quantity);
}

[Collection(EmbeddedErpOutageCollection.Name)]
public sealed class EmbeddedErpOutageTests(EmbeddedErpOutageFixture plant, ITestOutputHelper output) : ErpOutageTests(plant, output);

[Collection(PostgresErpOutageCollection.Name)]
public sealed class PostgresErpOutageTests(PostgresErpOutageFixture plant, ITestOutputHelper output) : ErpOutageTests(plant, output);
