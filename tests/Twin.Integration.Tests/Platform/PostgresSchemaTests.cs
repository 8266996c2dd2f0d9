using Npgsql;
using Twin.Hosting.Schema;
using Twin.Testing;

namespace Twin.Integration.Tests.Platform;

/// <summary>`db migrate` against real PostgreSQL: idempotent, safe when run concurrently, enforced at start.</summary>
public sealed class PostgresSchemaTests
{
    private static readonly TimeSpan _commandTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Every named query the four Orleans ADO.NET providers read at start (their contract).</summary>
    private static readonly string[] _providerQueryKeys =
    [
        "GatewaysQueryKey", "MembershipReadRowKey", "MembershipReadAllKey", "InsertMembershipVersionKey",
        "UpdateIAmAlivetimeKey", "InsertMembershipKey", "UpdateMembershipKey", "DeleteMembershipTableEntriesKey",
        "CleanupDefunctSiloEntriesKey",
        "ReadFromStorageKey", "WriteToStorageKey", "ClearStorageKey", "DeleteStorageKey",
        "ReadReminderRowsKey", "ReadRangeRows1Key", "ReadRangeRows2Key", "ReadReminderRowKey",
        "UpsertReminderRowKey", "DeleteReminderRowKey", "DeleteReminderRowsKey",
        "QueueStreamMessageKey", "GetStreamMessagesKey", "ConfirmStreamMessagesKey", "FailStreamMessageKey",
        "EvictStreamMessagesKey", "EvictStreamDeadLettersKey",
    ];

    [Fact]
    public async Task Migrate_twice_applies_the_schema_once()
    {
        await WithEmptyDatabase(async connectionString =>
        {
            var first = await Migrate(connectionString);
            Assert.Contains($"migrated to schema version {TwinSchema.RequiredVersion}", first, StringComparison.Ordinal);
            var second = await Migrate(connectionString);
            Assert.Contains("nothing to do", second, StringComparison.Ordinal);
            await AssertOneCorrectSchema(connectionString);
        });
    }

    [Fact]
    public async Task Migrate_from_two_processes_at_once_leaves_one_correct_schema()
    {
        await WithEmptyDatabase(async connectionString =>
        {
            await using var a = StartMigrate(connectionString);
            await using var b = StartMigrate(connectionString);
            var exitA = await a.WaitForExitAsync(_commandTimeout);
            var exitB = await b.WaitForExitAsync(_commandTimeout);
            Assert.True(exitA == 0 && exitB == 0, $"Both migrations must succeed. A ({exitA}):\n{a.Output}\nB ({exitB}):\n{b.Output}");
            var outputs = new[] { a.Output, b.Output };
            Assert.Single(outputs, o => o.Contains("migrated to schema version", StringComparison.Ordinal));
            Assert.Single(outputs, o => o.Contains("nothing to do", StringComparison.Ordinal));
            await AssertOneCorrectSchema(connectionString);
        });
    }

    [Fact]
    public async Task Silo_refuses_to_start_on_an_unmigrated_database_naming_the_migrate_command()
    {
        await WithEmptyDatabase(async connectionString =>
        {
            await using var silo = SiloProcess.Start(new Dictionary<string, string> { ["ConnectionStrings__Twin"] = connectionString });
            var exitCode = await silo.WaitForExitAsync(_commandTimeout);
            Assert.True(exitCode != 0, $"The silo must exit non-zero. Output:\n{silo.Output}");
            ConfigurationErrorTests.AssertOneLineNoStackTrace(silo.Output.Trim());
            Assert.Contains("has no Twin schema", silo.Output, StringComparison.Ordinal);
            Assert.Contains("`dotnet run --project Silo -- db migrate`", silo.Output, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Silo_refuses_to_start_on_an_older_schema()
    {
        await WithEmptyDatabase(async connectionString =>
        {
            await Migrate(connectionString);
            await Execute(connectionString, "DELETE FROM twin_schema_version; INSERT INTO twin_schema_version (version, name) VALUES (0, 'older')");
            await using var silo = SiloProcess.Start(new Dictionary<string, string> { ["ConnectionStrings__Twin"] = connectionString });
            var exitCode = await silo.WaitForExitAsync(_commandTimeout);
            Assert.True(exitCode != 0, $"The silo must exit non-zero. Output:\n{silo.Output}");
            ConfigurationErrorTests.AssertOneLineNoStackTrace(silo.Output.Trim());
            Assert.Contains("has schema version 0", silo.Output, StringComparison.Ordinal);
            Assert.Contains("db migrate", silo.Output, StringComparison.Ordinal);
        });
    }

    private static async Task AssertOneCorrectSchema(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var versions = new NpgsqlCommand("SELECT version FROM twin_schema_version ORDER BY version", connection))
        await using (var reader = await versions.ExecuteReaderAsync())
        {
            var applied = new List<int>();
            while (await reader.ReadAsync())
            {
                applied.Add(reader.GetInt32(0));
            }

            Assert.Equal(TwinSchema.Scripts.Select(s => s.Version), applied);
        }

        var keys = new List<string>();
        await using (var queries = new NpgsqlCommand("SELECT QueryKey FROM OrleansQuery", connection))
        await using (var reader = await queries.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                keys.Add(reader.GetString(0));
            }
        }

        Assert.Equal(_providerQueryKeys.Order(), keys.Order());
    }

    private static SiloProcess StartMigrate(string connectionString) =>
        SiloProcess.StartRaw(null, ["db", "migrate", "--connection-string", connectionString]);

    private static async Task<string> Migrate(string connectionString)
    {
        await using var process = StartMigrate(connectionString);
        var exitCode = await process.WaitForExitAsync(_commandTimeout);
        Assert.True(exitCode == 0, $"db migrate failed with {exitCode}:\n{process.Output}");
        return process.Output;
    }

    private static async Task Execute(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task WithEmptyDatabase(Func<string, Task> test)
    {
        var admin = PostgresDatabaseFixture.AdminConnectionString();
        var name = $"twin_test_{Guid.NewGuid():N}";
        var connectionString = await PostgresDatabaseFixture.CreateDatabaseAsync(admin, name);
        try
        {
            await test(connectionString);
        }
        finally
        {
            await PostgresDatabaseFixture.DropDatabaseAsync(admin, name);
        }
    }
}
