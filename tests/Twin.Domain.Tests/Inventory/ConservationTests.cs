using Twin.Domain.Inventory;
using Twin.Domain.Lots;

namespace Twin.Domain.Tests.Inventory;

/// <summary>
/// Thousands of random receipts, moves, issues, splits and merges across locations, with retried requests,
/// duplicated and lost deliveries and "crashes" between the two phases of a move. Per item, what was received
/// minus what was issued must equal what is on hand plus what is still owed in transit, no balance may go
/// negative, and once every unsettled move is re-driven nothing stays in transit.
/// </summary>
public sealed class ConservationTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 6, 0, 0, TimeSpan.Zero);
    private static readonly string[] Items = ["STEEL", "COPPER", "BOLT"];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Random_operations_with_retries_duplicates_and_crashes_conserve_stock(int seed)
    {
        var random = new Random(seed);
        var locations = Enumerable.Range(0, 5).Select(i =>
        {
            var l = new WarehouseLocationTwin { Id = $"L{i}" };
            l.Create("P1", $"L{i}");
            return l;
        }).ToDictionary(l => l.Id);
        var received = Items.ToDictionary(i => i, _ => 0m);
        var issued = Items.ToDictionary(i => i, _ => 0m);
        var requests = new List<(CommandMeta Meta, Func<string> Apply, WarehouseLocationTwin At, Action<CommandOutcome> Booked)>();
        var lotCounter = 0;

        for (var step = 0; step < 4000; step++)
        {
            var at = locations[$"L{random.Next(locations.Count)}"];
            var meta = new CommandMeta($"r-{step}", $"c-{step}");
            var roll = random.Next(100);
            Func<string> apply;
            Action<CommandOutcome> booked = _ => { };
            var lines = at.Balances.Where(b => b.Quantity > 0).ToList();
            var line = lines.Count > 0 ? lines[random.Next(lines.Count)] : null;
            var quantity = random.Next(1, 30);

            if (roll < 30 || line is null)
            {
                var item = Items[random.Next(Items.Length)];
                var lot = $"{item}-{random.Next(8)}";
                apply = () => at.Receive(item, lot, quantity, "pcs", LotStatus.Unrestricted);
                booked = o => { if (o.Succeeded && !o.Duplicate) { received[item] += quantity; } };
            }
            else if (roll < 45)
            {
                var item = line.Item;
                var purpose = (IssueReason)random.Next(4);
                apply = () => at.Issue(item, line.LotId, quantity, purpose, null);
                booked = o => { if (o.Succeeded && !o.Duplicate) { issued[item] += quantity; } };
            }
            else if (roll < 75)
            {
                var destination = locations[$"L{random.Next(locations.Count)}"];
                var (item, lot) = (line.Item, line.LotId);
                apply = () => at.StartMove(meta.RequestId, destination.Id, item, lot, quantity, meta.CorrelationId, T0).TransferId;
            }
            else if (roll < 85)
            {
                var (item, lot) = (line.Item, line.LotId);
                var child = $"{lot}-s{lotCounter++}";
                apply = () => at.Split(item, lot, child, quantity);
            }
            else if (roll < 92)
            {
                var (item, lot) = (line.Item, line.LotId);
                var target = $"{item}-{random.Next(8)}";
                apply = () => at.Merge(item, lot, target);
            }
            else
            {
                var lot = line.LotId;
                var status = random.Next(3) == 0 ? LotStatus.QualityHold : LotStatus.Unrestricted;
                var version = step + 1;
                apply = () => { at.ApplyLotStatus(lot, status, version); return "status"; };
            }

            requests.Add((meta, apply, at, booked));
            Run(requests[^1]);
            // Injected duplicates: a random earlier request is retried (same request id, same closure).
            if (random.Next(4) == 0)
            {
                Run(requests[random.Next(requests.Count)]);
            }
            // Deliver some outstanding transfers, sometimes twice, sometimes "crash" before the source settles.
            DeliverSome(random, locations, settleProbability: 0.7);
            if (step % 20 == 0)
            {
                AssertConserved(locations, received, issued);
            }
        }

        // Re-drive everything that is still owed, as activation/reminders would.
        for (var round = 0; round < 3; round++)
        {
            DeliverSome(random, locations, settleProbability: 1.0, all: true);
        }
        Assert.All(locations.Values, l => Assert.Empty(l.Outgoing));
        AssertConserved(locations, received, issued);
        Assert.True(received.Values.Sum() > 0 && issued.Values.Sum() > 0, "the random run should both receive and issue");
    }

    private static void Run((CommandMeta Meta, Func<string> Apply, WarehouseLocationTwin At, Action<CommandOutcome> Booked) request)
    {
        var outcome = request.At.Execute(request.Meta, T0, "step", request.Apply);
        request.Booked(outcome);
    }

    private static void DeliverSome(Random random, Dictionary<string, WarehouseLocationTwin> locations, double settleProbability, bool all = false)
    {
        foreach (var source in locations.Values)
        {
            foreach (var transfer in source.Outgoing.ToList())
            {
                if (!all && random.NextDouble() < 0.5)
                {
                    continue; // message lost / not yet delivered
                }
                var destination = locations[transfer.Destination];
                var repeats = random.Next(1, 3);
                for (var i = 0; i < repeats; i++)
                {
                    destination.AcceptTransfer(transfer.TransferId, transfer.Item, transfer.LotId, transfer.Quantity, transfer.Unit, transfer.Status);
                }
                if (random.NextDouble() < settleProbability)
                {
                    source.CompleteMove(transfer.TransferId);
                }
                // else: the source "crashed" after delivery; the next round re-sends and the destination ignores it.
            }
        }
    }

    private static void AssertConserved(Dictionary<string, WarehouseLocationTwin> locations, Dictionary<string, decimal> received, Dictionary<string, decimal> issued)
    {
        var accepted = locations.Values.SelectMany(l => l.AcceptedTransfers).ToHashSet();
        foreach (var item in Items)
        {
            var onHand = locations.Values.Sum(l => l.OnHand(item));
            // Owed and not yet booked at the destination: still counts, it is on its way.
            var inTransit = locations.Values.SelectMany(l => l.Outgoing).Where(t => t.Item == item && !accepted.Contains(t.TransferId)).Sum(t => t.Quantity);
            Assert.Equal(received[item] - issued[item], onHand + inTransit);
        }
        Assert.All(locations.Values.SelectMany(l => l.Balances), b => Assert.True(b.Quantity > 0, $"balance {b.Item}/{b.LotId} is {b.Quantity}"));
    }
}
