using System.Globalization;
using Npgsql;

namespace Twin.Benchmarks.Scenarios.ErpE2e;

/// <summary>
/// What a stretch of WAL consists of, from PostgreSQL's pg_walinspect: full-page images (the first change to a page
/// after a checkpoint logs the whole 8 KB page) apart from the records themselves, the largest record kinds, and the
/// size of the work-order twins' stored state, so a change in bytes per event can be told apart by its cause.
/// </summary>
public sealed record WalBreakdown(long RecordBytes, long FullPageBytes, IReadOnlyList<(string Kind, long Bytes)> Largest)
{
    public static async Task<WalBreakdown> ReadAsync(string connectionString, long from, long to, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using (var create = new NpgsqlCommand("CREATE EXTENSION IF NOT EXISTS pg_walinspect", connection))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        // pg_walinspect reads only flushed WAL: the end is capped at the flush position.
        await using var command = new NpgsqlCommand(
            "SELECT \"resource_manager/record_type\", record_size, fpi_size FROM pg_get_wal_stats(" +
            "'0/0'::pg_lsn + $1::numeric, LEAST('0/0'::pg_lsn + $2::numeric, pg_current_wal_flush_lsn()), true)", connection);
        command.Parameters.AddWithValue(from);
        command.Parameters.AddWithValue(to);
        long records = 0, images = 0;
        var kinds = new List<(string, long)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var record = reader.GetInt64(1);
            var image = reader.GetInt64(2);
            records += record;
            images += image;
            kinds.Add((reader.GetString(0), record + image));
        }

        return new WalBreakdown(records, images, kinds.OrderByDescending(k => k.Item2).Take(4).ToList());
    }

    public string Describe(long events) =>
        string.Create(CultureInfo.InvariantCulture,
            $"records {RecordBytes / (double)events:0} B/event, full-page images {FullPageBytes / (double)events:0} B/event; largest: {string.Join(", ", Largest.Select(k => $"{k.Kind} {k.Bytes / (double)events:0}"))}");

    /// <summary>
    /// Average stored state (bytes) of the grains whose id contains <paramref name="grainIdPart"/>: the state row and,
    /// for twins that keep their ledger and history as journal rows (schema 0006), those rows.
    /// </summary>
    public static async Task<(double State, double Journal)> AverageStateBytesAsync(string connectionString, string grainIdPart, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT COALESCE(avg(octet_length(s.payload)), 0)::float8, COALESCE(avg((SELECT COALESCE(sum(octet_length(j.payload)), 0) " +
            "FROM twin_grain_journal j WHERE j.service_id = s.service_id AND j.grain_id = s.grain_id AND j.state_name = s.state_name)), 0)::float8 " +
            "FROM twin_grain_state s WHERE s.grain_id LIKE '%' || $1 || '%'", connection);
        command.Parameters.AddWithValue(grainIdPart);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetDouble(0), reader.GetDouble(1));
    }
}
