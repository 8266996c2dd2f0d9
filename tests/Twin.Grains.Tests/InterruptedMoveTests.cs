using Twin.Contracts;
using Twin.Grains.Tests.Infrastructure;

namespace Twin.Grains.Tests;

/// <summary>A move whose second phase cannot reach the destination: stock is owed, never lost or doubled, and settles once it can.</summary>
[Collection(TwinClusterCollection.Name)]
public sealed class InterruptedMoveTests(TwinTestCluster cluster)
{
    [Fact]
    public async Task A_move_interrupted_between_its_phases_is_re_sent_until_booked_exactly_once()
    {
        var plant = TestIds.New("P");
        var a = await LocationGrainTests.CreatedLocation(cluster, plant);
        var b = await LocationGrainTests.CreatedLocation(cluster, plant);
        var lot = TestIds.New("LOT");
        await a.Grain.Receive(new ReceiveStock(TestIds.Context(), "STEEL", lot, 10, "kg"));
        TransferFaults.Unreachable[b.Id] = 0;
        try
        {
            var move = new MoveStock(TestIds.Context(), b.Id, "STEEL", lot, 4);
            var started = await a.Grain.Move(move);
            var retried = await a.Grain.Move(move);

            Assert.True(started.Succeeded, started.Error?.Message);
            Assert.True(retried.Duplicate);
            var source = await a.Grain.GetSnapshot();
            Assert.Equal(6, source!.Balances.Single().Quantity);
            Assert.Equal(4, Assert.Single(source.InTransit).Quantity);
            Assert.Null((await b.Grain.GetSnapshot())!.Balances.SingleOrDefault());
            Assert.True(TransferFaults.Unreachable[b.Id] >= 2, "the retry should have re-sent the transfer");
        }
        finally
        {
            TransferFaults.Unreachable.TryRemove(b.Id, out _);
        }

        // The source's timer re-sends; the destination books it once.
        await Eventually.True(async () => (await a.Grain.GetSnapshot())!.InTransit.Count == 0, $"location {a.Id} to settle its transfer to {b.Id}");
        Assert.Equal(4, (await b.Grain.GetSnapshot())!.Balances.Single().Quantity);
        Assert.Equal(6, (await a.Grain.GetSnapshot())!.Balances.Single().Quantity);
        Assert.Equal(0, await a.Grain.RedriveTransfers());
        Assert.Equal(4, (await b.Grain.GetSnapshot())!.Balances.Single().Quantity);
    }
}
