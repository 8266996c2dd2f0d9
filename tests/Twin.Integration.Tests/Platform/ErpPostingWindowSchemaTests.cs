using Npgsql;
using Twin.Erp.Outbox;
using Twin.Erp.Posting;
using Twin.Erp.Transactions;
using Twin.Hosting.Providers;
using Twin.Hosting.Schema;
using Twin.Testing;

namespace Twin.Integration.Tests.Platform;

/// <summary>
/// Schema 0005 (posting windows) on a database that already holds outbox rows: `db migrate` adds the staged table and
/// the counters, and rows written before it are posted as they were (one source each), their events still recognised.
/// </summary>
public sealed class ErpPostingWindowSchemaTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task Rows_queued_before_the_posting_windows_script_are_posted_and_their_events_stay_duplicates()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var old = new ErpTransaction
        {
            IdempotencyKey = ErpIdempotencyKey.Derive(ErpTransactionKind.ProductionConfirmation, ["old-1"]),
            Kind = ErpTransactionKind.ProductionConfirmation,
            Plant = "P1",
            WorkOrder = "WO-1",
            Operation = "10",
            Item = "FG-100",
            Quantity = 4,
            Unit = "pcs",
            SourceEventIds = ["old-1"],
            OccurredAt = DateTimeOffset.UnixEpoch,
        };
        // The database as schema 0004 left it, with one pending row written then.
        await Execute("""
            DROP TABLE twin_erp_staged;
            ALTER TABLE twin_erp_outbox DROP COLUMN sources;
            ALTER TABLE twin_erp_outbox_plant DROP COLUMN staged, DROP COLUMN sources_booked;
            DELETE FROM twin_schema_version WHERE version = 5;
            INSERT INTO twin_erp_outbox_plant (plant, pending) VALUES ('P1', 1);
            """);
        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var insert = new NpgsqlCommand(
                "INSERT INTO twin_erp_outbox (plant, idem_key, payload, enqueued_at, due_at) VALUES ('P1', $1, $2::jsonb, now(), now())", connection);
            insert.Parameters.AddWithValue(old.IdempotencyKey);
            insert.Parameters.AddWithValue(System.Text.Json.JsonSerializer.Serialize(old));
            await insert.ExecuteNonQueryAsync();
        }

        Assert.Equal(4, await SchemaMigrator.ReadVersionAsync(database.ConnectionString, timeout.Token));
        Assert.Equal([5], (await SchemaMigrator.MigrateAsync(database.ConnectionString, timeout.Token)).Select(s => s.Version));

        await using var store = new PostgresErpOutboxStore(database.ConnectionString);
        var now = DateTimeOffset.UtcNow.AddMinutes(1);
        var row = Assert.Single(await store.TakeDueAsync("P1", now, 10));
        Assert.Equal((old.IdempotencyKey, 4m), (row.Transaction.IdempotencyKey, row.Transaction.Quantity));
        var redelivered = new ErpStagedSource(old, ErpPostingGroups.KeyOf(old)!, now);
        Assert.Equal([ErpEnqueueResult.Duplicate], await store.StageAsync("P1", [redelivered]));
        await store.RecordAsync("P1", [new ErpRowOutcome(old.IdempotencyKey, ErpRowOutcomeKind.Booked, 1)], now);
        var counts = await store.CountsAsync("P1", now);
        Assert.Equal((0L, 1L, 1L, 0L), (counts.Pending, counts.Posted, counts.SourcesBooked, counts.StagedSources));
    }

    private async Task Execute(string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
