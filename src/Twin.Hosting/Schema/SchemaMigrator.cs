using Npgsql;

namespace Twin.Hosting.Schema;

/// <summary>
/// Applies the embedded schema scripts to a PostgreSQL database and reports its version.
/// Migration runs in one transaction under a transaction-level advisory lock, so two silos (or
/// two operators) running it at once apply each script exactly once: the second waits, then
/// finds nothing left to do. A failed script leaves the database as it was.
/// </summary>
public static class SchemaMigrator
{
    // Arbitrary constant that identifies "Twin schema migration" among advisory locks.
    private const long MigrationLockKey = 0x7477696E_5343484D;

    private const string VersionTableDdl = """
        CREATE TABLE IF NOT EXISTS twin_schema_version (
            version    integer PRIMARY KEY,
            name       text NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now())
        """;

    /// <summary>Applies every script newer than the database. Returns the scripts applied.</summary>
    public static async Task<IReadOnlyList<SchemaScript>> MigrateAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({MigrationLockKey})", cancellationToken);
        await ExecuteAsync(connection, transaction, VersionTableDdl, cancellationToken);

        // Every script not recorded yet, not only those above the highest: a script may be numbered below one that a
        // database already has (0002_erp_outbox arrived after 0003_plant_directory).
        var recorded = new HashSet<int>();
        await using (var versions = new NpgsqlCommand("SELECT version FROM twin_schema_version", connection, transaction))
        await using (var reader = await versions.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                recorded.Add(reader.GetInt32(0));
            }
        }

        var applied = new List<SchemaScript>();
        foreach (var script in TwinSchema.Scripts.Where(s => !recorded.Contains(s.Version)))
        {
            await ExecuteAsync(connection, transaction, script.Sql, cancellationToken);
            await using var record = new NpgsqlCommand("INSERT INTO twin_schema_version (version, name) VALUES ($1, $2)", connection, transaction);
            record.Parameters.AddWithValue(script.Version);
            record.Parameters.AddWithValue(script.Name);
            await record.ExecuteNonQueryAsync(cancellationToken);
            applied.Add(script);
        }

        await transaction.CommitAsync(cancellationToken);
        return applied;
    }

    /// <summary>The database's schema version, or null when it has never been migrated.</summary>
    public static async Task<int?> ReadVersionAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        return await ReadVersionAsync(connection, null, cancellationToken);
    }

    private static async Task<int?> ReadVersionAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        // Two statements: PostgreSQL resolves table names when it plans a query, so the version
        // table may only be named once we know it exists.
        await using (var exists = new NpgsqlCommand("SELECT to_regclass('twin_schema_version') IS NOT NULL", connection, transaction))
        {
            if (await exists.ExecuteScalarAsync(cancellationToken) is not true)
            {
                return null;
            }
        }

        var recorded = new HashSet<int>();
        await using (var command = new NpgsqlCommand("SELECT version FROM twin_schema_version", connection, transaction))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                recorded.Add(reader.GetInt32(0));
            }
        }

        if (recorded.Count == 0)
        {
            return null;
        }

        // A database newer than this build reports its highest version; otherwise the version is the last script of an
        // unbroken run from the first, so a database that has 0003 but not 0002 is not taken for current.
        var highest = recorded.Max();
        if (highest > TwinSchema.RequiredVersion)
        {
            return highest;
        }

        var complete = 0;
        foreach (var script in TwinSchema.Scripts)
        {
            if (!recorded.Contains(script.Version))
            {
                break;
            }

            complete = script.Version;
        }

        return complete;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
