using Npgsql;

namespace Twin.Benchmarks.Scenarios.ErpE2e;

/// <summary>PostgreSQL's WAL insert position: the difference of two readings is every byte the server logged in between.</summary>
public static class WalPosition
{
    public static async Task<long> ReadAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), '0/0')::bigint", connection);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
