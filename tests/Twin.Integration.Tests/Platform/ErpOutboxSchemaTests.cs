using Npgsql;
using Twin.Hosting.Schema;
using Twin.Testing;

namespace Twin.Integration.Tests.Platform;

/// <summary>
/// Schema 0002 (ERP outbox) arrived after 0003 had been applied to some databases: such a database is not taken
/// for current, and `db migrate` applies the missing script.
/// </summary>
public sealed class ErpOutboxSchemaTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task A_database_without_the_ERP_outbox_script_is_behind_and_migrate_adds_it()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        Assert.Equal(TwinSchema.RequiredVersion, await SchemaMigrator.ReadVersionAsync(database.ConnectionString, timeout.Token));
        await Execute("DROP TABLE twin_erp_outbox, twin_erp_outbox_plant; DELETE FROM twin_schema_version WHERE version = 2");

        Assert.Equal(1, await SchemaMigrator.ReadVersionAsync(database.ConnectionString, timeout.Token));
        var applied = await SchemaMigrator.MigrateAsync(database.ConnectionString, timeout.Token);

        Assert.Equal([2], applied.Select(s => s.Version));
        Assert.Equal(TwinSchema.RequiredVersion, await SchemaMigrator.ReadVersionAsync(database.ConnectionString, timeout.Token));
        await Execute("SELECT count(*) FROM twin_erp_outbox");
    }

    private async Task Execute(string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
