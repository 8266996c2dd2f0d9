using Twin.Contracts;
using Twin.Grains.Tests.Infrastructure;

namespace Twin.Grains.Tests;

/// <summary>
/// The randomized conservation check through real grains: receipts, issues, moves (in both directions at
/// once), splits and merges, sent concurrently, every so often sent twice at the same time (a client retry)
/// or re-sent later (an injected duplicate). Per item, received − issued must equal what the locations hold,
/// no balance may be negative, and nothing may stay in transit.
/// </summary>
[Collection(TwinClusterCollection.Name)]
public sealed class ConservationThroughGrainsTests(TwinTestCluster cluster)
{
    private static readonly string[] Items = ["STEEL", "COPPER"];

    [Fact]
    public async Task Random_concurrent_operations_with_retries_conserve_stock_per_item()
    {
        var random = new Random(42);
        var plant = TestIds.New("P");
        var locations = new List<(string Id, IWarehouseLocationGrain Grain)>();
        for (var i = 0; i < 4; i++)
        {
            locations.Add(await LocationGrainTests.CreatedLocation(cluster, plant));
        }
        var lots = Items.ToDictionary(i => i, i => Enumerable.Range(0, 4).Select(_ => TestIds.New(i[..3])).ToList());
        var received = Items.ToDictionary(i => i, _ => 0m);
        var issued = Items.ToDictionary(i => i, _ => 0m);
        var sent = new List<Func<Task<(CommandResult Result, string Item, int Sign, decimal Quantity)>>>();

        for (var round = 0; round < 40; round++)
        {
            var batch = new List<Func<Task<(CommandResult, string, int, decimal)>>>();
            for (var k = 0; k < 8; k++)
            {
                var item = Items[random.Next(Items.Length)];
                var lot = lots[item][random.Next(lots[item].Count)];
                var at = locations[random.Next(locations.Count)];
                var quantity = (decimal)random.Next(1, 20);
                var context = TestIds.Context();
                var roll = random.Next(100);
                Func<Task<(CommandResult, string, int, decimal)>> op = roll switch
                {
                    < 30 => async () => (await at.Grain.Receive(new ReceiveStock(context, item, lot, quantity, "kg")), item, +1, quantity),
                    < 45 => async () => (await at.Grain.Issue(new IssueStock(context, item, lot, quantity, IssuePurpose.Scrap)), item, -1, quantity),
                    < 80 => MoveTo(at.Grain, locations[random.Next(locations.Count)].Id, context, item, lot, quantity),
                    < 90 => SplitInto(at.Grain, context, item, lot, lots[item], quantity),
                    _ => async () => (await at.Grain.Merge(new MergeLots(context, item, lot, lots[item][random.Next(lots[item].Count)])), item, 0, 0m),
                };
                batch.Add(op);
                if (random.Next(5) == 0)
                {
                    batch.Add(op); // a client retry racing the original
                }
                if (sent.Count > 0 && random.Next(5) == 0)
                {
                    batch.Add(sent[random.Next(sent.Count)]); // a duplicate of something sent earlier
                }
                sent.Add(op);
            }
            var results = await Task.WhenAll(batch.Select(b => b())).WaitAsync(TimeSpan.FromSeconds(30));
            foreach (var (result, item, sign, quantity) in results.Where(r => r.Item1.Succeeded && !r.Item1.Duplicate))
            {
                if (sign > 0) { received[item] += quantity; }
                if (sign < 0) { issued[item] += quantity; }
            }
        }

        foreach (var location in locations)
        {
            Assert.Equal(0, await location.Grain.RedriveTransfers());
        }
        var snapshots = await Task.WhenAll(locations.Select(l => l.Grain.GetSnapshot()));
        foreach (var item in Items)
        {
            var onHand = snapshots.SelectMany(s => s!.Balances).Where(b => b.Item == item).Sum(b => b.Quantity);
            Assert.Equal(received[item] - issued[item], onHand);
        }
        Assert.All(snapshots.SelectMany(s => s!.Balances), b => Assert.True(b.Quantity > 0, $"{b.Item}/{b.LotId} is {b.Quantity}"));
        Assert.All(snapshots, s => Assert.Empty(s!.InTransit));
        Assert.True(received.Values.Sum() > 0 && issued.Values.Sum() > 0, "the run should both receive and issue");
    }

    private static Func<Task<(CommandResult, string, int, decimal)>> MoveTo(IWarehouseLocationGrain from, string to, CommandContext context,
        string item, string lot, decimal quantity) =>
        async () => (await from.Move(new MoveStock(context, to, item, lot, quantity)), item, 0, 0m);

    private static Func<Task<(CommandResult, string, int, decimal)>> SplitInto(IWarehouseLocationGrain at, CommandContext context,
        string item, string lot, List<string> lots, decimal quantity)
    {
        var child = TestIds.New(item[..3]);
        lots.Add(child);
        return async () => (await at.Split(new SplitLot(context, item, lot, child, quantity)), item, 0, 0m);
    }
}
