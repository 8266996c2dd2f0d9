using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Twin.Contracts;
using Twin.Testing;
using Xunit.Abstractions;

namespace Twin.Integration.Tests.Platform;

/// <summary>
/// Locations and lots on the PostgreSQL profile keep their request ledger and history as journal rows, like work orders:
/// a busy location's state row stays the size of its own fields (balances, transfers) however many movements it took,
/// and after a full restart it still answers old request ids as duplicates (issue 10: cost per event must not grow
/// with history).
/// </summary>
public sealed class LocationLotJournalTests(PostgresDatabaseFixture database, ITestOutputHelper output) : IClassFixture<PostgresDatabaseFixture>
{
    private const int Receipts = 60;

    [Fact]
    public async Task Stock_movements_append_rows_the_state_rows_stay_small_and_a_restarted_silo_still_recognises_old_requests()
    {
        var clusterId = $"loc-journal-{Guid.NewGuid():N}";
        var location = $"LOC-J-{Guid.NewGuid():N}"[..20];
        var lot = $"LOT-J-{Guid.NewGuid():N}"[..20];
        var first = await InProcessSilo.StartAsync(database.ConnectionString, clusterId);
        try
        {
            var grain = Grains(first).GetGrain<IWarehouseLocationGrain>(location);
            Assert.True((await grain.Create(new CreateLocation(Context("create"), "P1", "line side"))).Succeeded);
            for (var n = 0; n < Receipts; n++)
            {
                Assert.True((await grain.Receive(new ReceiveStock(Context($"r{n}"), "STEEL", lot, 1m, "kg"))).Succeeded);
            }
        }
        finally
        {
            await InProcessSilo.StopAsync(first);
        }

        var stored = await StoredTwinRows.ReadAsync(database.ConnectionString, location);
        var storedLot = await StoredTwinRows.ReadAsync(database.ConnectionString, lot);
        output.WriteLine($"after {Receipts} receipts: location state row {stored.StateBytes} B + {stored.Outcomes} outcome rows + {stored.Lines} history rows; "
            + $"lot state row {storedLot.StateBytes} B + {storedLot.Outcomes} + {storedLot.Lines} rows");
        Assert.InRange(stored.StateBytes, 1, 4_000);
        Assert.Equal(Receipts + 1, stored.Outcomes); // every remembered request, one row each (bound 1,000)
        Assert.InRange(stored.Lines, Receipts, 200);   // one line per movement, up to the history bound
        Assert.InRange(storedLot.StateBytes, 1, 4_000);
        Assert.True(storedLot.Outcomes + storedLot.Lines > 0, "the lot keeps its ledger and history as rows too");

        var second = await InProcessSilo.StartAsync(database.ConnectionString, clusterId);
        try
        {
            var grain = Grains(second).GetGrain<IWarehouseLocationGrain>(location);
            var retry = await grain.Receive(new ReceiveStock(Context("r7"), "STEEL", lot, 1m, "kg"));
            Assert.True(retry.Duplicate, "a receipt from before the restart must be recognised");
            Assert.Equal(Receipts, (await grain.GetSnapshot())!.Balances.Single().Quantity);

            var next = await grain.Receive(new ReceiveStock(Context($"r{Receipts}"), "STEEL", lot, 1m, "kg"));
            Assert.True(next.Succeeded && !next.Duplicate);
            Assert.Equal(Receipts + 1, (await grain.GetSnapshot())!.Balances.Single().Quantity);
            Assert.Equal(Receipts + 1, (await Grains(second).GetGrain<ILotGrain>(lot).GetSnapshot())!.Quantity);
            var history = await grain.GetHistory(500);
            Assert.Equal(Enumerable.Range(0, history.Count).Select(i => history[0].Sequence + i), history.Select(h => h.Sequence));
            Assert.Contains($"r{Receipts}", history[^1].RequestId, StringComparison.Ordinal);
        }
        finally
        {
            await InProcessSilo.StopAsync(second);
        }
    }

    private static IGrainFactory Grains(WebApplication app) => app.Services.GetRequiredService<IGrainFactory>();

    private static CommandContext Context(string requestId) => new(requestId, requestId, "journal-test");
}
