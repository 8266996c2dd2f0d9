using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
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
            await StopAsync(first);
        }

        var (stateBytes, outcomes, lines) = await StoredAsync(order);
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
            await StopAsync(second);
        }
    }

    private async Task<(int StateBytes, long Outcomes, long Lines)> StoredAsync(string order)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT octet_length(s.payload), " +
            "(SELECT count(*) FROM twin_grain_journal j WHERE j.grain_id = s.grain_id AND j.state_name = s.state_name AND j.stream = 0), " +
            "(SELECT count(*) FROM twin_grain_journal j WHERE j.grain_id = s.grain_id AND j.state_name = s.state_name AND j.stream = 1) " +
            "FROM twin_grain_state s WHERE s.grain_id LIKE '%' || $1", connection);
        command.Parameters.AddWithValue(order);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), "the work order's state row is missing");
        return (reader.GetInt32(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    private static IGrainFactory Grains(WebApplication app) => app.Services.GetRequiredService<IGrainFactory>();

    private static CommandContext Context(string requestId) => new(requestId, requestId, "journal-test");

    private static async Task StopAsync(WebApplication app)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await app.StopAsync(deadline.Token);
        await app.DisposeAsync();
    }
}
