using Orleans.Streams;
using Twin.Contracts;
using Twin.Grains.Tests.Infrastructure;

namespace Twin.Grains.Tests;

/// <summary>
/// The hold instruction asks every location of the lot: one that cannot be reached is named with an unknown
/// quantity (the instruction is not held back), and learns the hold when it can be reached again.
/// </summary>
[Collection(TwinClusterCollection.Name)]
public sealed class QualityInstructionGrainTests(TwinTestCluster cluster)
{
    [Fact]
    public async Task A_location_that_cannot_be_asked_is_named_with_an_unknown_quantity_and_told_later()
    {
        var plant = TestIds.New("P");
        var instructions = new List<TwinEvent>();
        var handle = await cluster.Client.GetStreamProvider(TwinProviders.Streams).GetStream<TwinEvent>(StreamId.Create(StreamNamespaces.TwinChanges, plant))
            .SubscribeAsync((e, _) =>
            {
                if (e.Payload is QualityHoldInstruction or QualityReleaseInstruction)
                {
                    lock (instructions) { instructions.Add(e); }
                }
                return Task.CompletedTask;
            });
        var (a, rackA) = await LocationGrainTests.CreatedLocation(cluster, plant);
        var (b, rackB) = await LocationGrainTests.CreatedLocation(cluster, plant);
        var lotId = TestIds.New("LOT");
        await rackA.Receive(new ReceiveStock(TestIds.Context(), "STEEL", lotId, 30, "kg"));
        await rackB.Receive(new ReceiveStock(TestIds.Context(), "STEEL", lotId, 5, "kg"));
        var lot = cluster.Grains.GetGrain<ILotGrain>(lotId);
        TransferFaults.StatusUnreachable[b] = 0;
        try
        {
            var hold = TestIds.Context("qms");
            Assert.True((await lot.PlaceOnHold(new PlaceLotOnHold(hold, "porosity", StockStatus.QualityHold, "QN-7"))).Succeeded);
            await Eventually.True(() => Task.FromResult(Count(instructions) == 1), "the hold instruction");
            var instruction = Assert.IsType<QualityHoldInstruction>(instructions[0].Payload);
            Assert.Equal([new LotQuantityAtLocation(a, 30), new LotQuantityAtLocation(b, null)], instruction.Locations);
            Assert.Equal(("QN-7", "qms", 35m), (instruction.ReasonCode, instruction.User, instruction.LotQuantity));
            Assert.Equal(hold.CorrelationId, instructions[0].CorrelationId);
            Assert.Equal(StockStatus.Unrestricted, (await rackB.GetSnapshot())!.Balances.Single().Status); // B has not heard yet
        }
        finally
        {
            TransferFaults.StatusUnreachable.TryRemove(b, out _);
        }

        // B is reachable again: the release reaches both, and B learnt the hold's successor like any status.
        Assert.True((await lot.Release(new ReleaseLot(TestIds.Context("qms"), "re-inspected"))).Succeeded);
        await Eventually.True(() => Task.FromResult(Count(instructions) == 2), "the release instruction");
        var release = Assert.IsType<QualityReleaseInstruction>(instructions[1].Payload);
        Assert.Equal([new LotQuantityAtLocation(a, 30), new LotQuantityAtLocation(b, 5)], release.Locations);
        Assert.Null(release.ReasonCode);
        await handle.UnsubscribeAsync();
    }

    private static int Count(List<TwinEvent> events)
    {
        lock (events)
        {
            return events.Count;
        }
    }
}
