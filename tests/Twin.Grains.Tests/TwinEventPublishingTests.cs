using System.Diagnostics.Metrics;
using Orleans.Runtime;
using Orleans.Streams;
using Twin.Contracts;
using Twin.Grains.Publishing;
using Twin.Grains.Tests.Infrastructure;

namespace Twin.Grains.Tests;

/// <summary>The silo's batching publisher: many twins' events share stream items, none is lost, each twin's stay in order.</summary>
[Collection(TwinClusterCollection.Name)]
public sealed class TwinEventPublishingTests(TwinTestCluster cluster)
{
    [Fact]
    public async Task Events_of_many_twins_share_stream_items_and_each_twins_events_arrive_in_order()
    {
        const int locations = 200;
        var plant = TestIds.New("P");
        var changes = new List<TwinEvent>();
        var erp = new List<TwinEvent>();
        var changesHandle = await cluster.Client.GetStreamProvider(TwinProviders.Streams)
            .GetStream<TwinEvent>(StreamId.Create(StreamNamespaces.TwinChanges, plant))
            .SubscribeAsync((e, _) => { lock (changes) { changes.Add(e); } return Task.CompletedTask; });
        var erpHandle = await cluster.Client.GetStreamProvider(TwinProviders.ErpStreams)
            .GetStream<TwinEvent>(StreamId.Create(StreamNamespaces.ErpOutbox, plant))
            .SubscribeAsync((e, _) => { lock (erp) { erp.Add(e); } return Task.CompletedTask; });
        long events = 0, batches = 0;
        using var meter = new MeterListener();
        meter.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == PublishingMetrics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        meter.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
            Interlocked.Add(ref instrument.Name == "twin.publishing.batches" ? ref batches : ref events, value));
        meter.Start();
        try
        {
            // All at once, as a plant's twins change: creates, then two receipts per location.
            var created = await Task.WhenAll(Enumerable.Range(0, locations).Select(_ => LocationGrainTests.CreatedLocation(cluster, plant)));
            await Task.WhenAll(created.Select(async c =>
            {
                Assert.True((await c.Grain.Receive(new ReceiveStock(TestIds.Context(), "BOLT", TestIds.New("LOT"), 1, "pcs"))).Succeeded);
                Assert.True((await c.Grain.Receive(new ReceiveStock(TestIds.Context(), "BOLT", TestIds.New("LOT"), 2, "pcs"))).Succeeded);
            }));

            await Eventually.True(() => { lock (erp) { return Task.FromResult(erp.Count >= 2 * locations); } }, "every receipt on the ERP stream");
            await Eventually.True(() => { lock (changes) { return Task.FromResult(changes.Count(c => c.Payload is GoodsReceived) >= 2 * locations); } },
                "every receipt on the twin-changes stream");
            lock (erp)
            {
                Assert.Equal(2 * locations, erp.Select(e => e.EventId).Distinct().Count());
                Assert.All(erp, e => Assert.IsType<GoodsReceived>(e.Payload));
            }

            lock (changes)
            {
                foreach (var twin in changes.GroupBy(c => c.SourceId))
                {
                    var versions = twin.Select(c => c.SourceVersion).ToList();
                    Assert.Equal(versions.Order().ToList(), versions);
                }
            }

            meter.RecordObservableInstruments();
            Assert.True(batches > 0 && batches < events, $"{events} events went out in {batches} stream items: they did not share items");
        }
        finally
        {
            await changesHandle.UnsubscribeAsync();
            await erpHandle.UnsubscribeAsync();
        }
    }
}
