using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Twin.Contracts;
using Twin.Testing;

namespace Twin.Integration.Tests.Platform;

/// <summary>
/// A work order on the PostgreSQL profile keeps its request ledger and history as journal rows (schema 0006): its state
/// row stays small however many reports it took, and after a full restart it still answers old request ids as
/// duplicates and numbers its history on (issue 10).
/// </summary>
public sealed class WorkOrderJournalTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    private const int Reports = 300;

    [Fact]
    public async Task Reports_append_rows_the_state_row_stays_small_and_a_restarted_silo_still_recognises_old_requests()
    {
        var clusterId = $"wo-journal-{Guid.NewGuid():N}";
        var order = $"WO-J-{Guid.NewGuid():N}"[..20];
        var first = await InProcessSilo.StartAsync(database.ConnectionString, clusterId);
        try
        {
            var grain = Grains(first).GetGrain<IWorkOrderGrain>(order);
            Assert.True((await grain.Create(new CreateWorkOrder(Context("create"), "P1", "FG-1", 1_000_000m, "pcs",
                [new RoutingOperation(10, "presses", null, TimeSpan.FromSeconds(1))]))).Succeeded);
            Assert.True((await grain.ChangeStatus(new ChangeWorkOrderStatus(Context("release"), WorkOrderStatus.Released))).Succeeded);
            for (var n = 0; n < Reports; n++)
            {
                Assert.True((await grain.ReportProduction(new ReportProduction(Context($"r{n}"), 10, 1m, 0m))).Succeeded);
            }
        }
        finally
        {
            await InProcessSilo.StopAsync(first);
        }

        var (stateBytes, outcomes, lines) = await StoredTwinRows.ReadAsync(database.ConnectionString, order);
        Assert.InRange(stateBytes, 1, 4_000); // was ~100 KB after 300 reports: the ledger and history rewritten each time
        Assert.Equal(Reports + 2, outcomes); // every remembered request, one row each (bound 1,000)
        Assert.Equal(200, lines);            // the history bound: older lines were cut with the writes that pushed them out

        var second = await InProcessSilo.StartAsync(database.ConnectionString, clusterId);
        try
        {
            var grain = Grains(second).GetGrain<IWorkOrderGrain>(order);
            var retry = await grain.ReportProduction(new ReportProduction(Context("r7"), 10, 1m, 0m));
            Assert.True(retry.Duplicate, "a report from before the restart must be recognised");
            Assert.Equal(Reports, (await grain.GetSnapshot())!.Operations[0].Good);

            var next = await grain.ReportProduction(new ReportProduction(Context($"r{Reports}"), 10, 1m, 0m));
            Assert.True(next.Succeeded && !next.Duplicate);
            var history = await grain.GetHistory(500);
            Assert.Equal(200, history.Count);
            Assert.Equal(Enumerable.Range(0, 200).Select(i => history[0].Sequence + i), history.Select(h => h.Sequence));
            Assert.Contains($"r{Reports}", history[^1].RequestId, StringComparison.Ordinal);
            Assert.Equal(Reports + 1, (await grain.GetSnapshot())!.Operations[0].Good);
        }
        finally
        {
            await InProcessSilo.StopAsync(second);
        }
    }

    private static IGrainFactory Grains(WebApplication app) => app.Services.GetRequiredService<IGrainFactory>();

    private static CommandContext Context(string requestId) => new(requestId, requestId, "journal-test");
}
