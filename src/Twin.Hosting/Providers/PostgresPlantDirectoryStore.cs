using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Twin.Contracts;
using Twin.Grains.Plants;

namespace Twin.Hosting.Providers;

/// <summary>
/// Plant directories in PostgreSQL (table twin_plant_directory, Schema/0003_plant_directory.sql): a batch of
/// listings is one upsert statement (unnest of arrays, newer versions only), a page is one keyset query on
/// the primary key order, a count is an index-only count. Listings are stored as plain JSON.
/// </summary>
public sealed class PostgresPlantDirectoryStore : IPlantDirectoryStore, IAsyncDisposable
{
    private static readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web);

    private const string UpsertSql = """
        INSERT INTO twin_plant_directory AS d (plant, kind, id, version, removed, listing)
        SELECT $1, r.kind, r.id, r.version, r.listing IS NULL, r.listing::jsonb
        FROM unnest($2::smallint[], $3::text[], $4::bigint[], $5::text[]) AS r(kind, id, version, listing)
        ON CONFLICT (plant, kind, id) DO UPDATE
            SET version = EXCLUDED.version, removed = EXCLUDED.removed, listing = EXCLUDED.listing, updated_at = now()
            WHERE d.version < EXCLUDED.version
        """;

    private const string FirstPageSql = """
        SELECT id, listing::text FROM twin_plant_directory
        WHERE plant = $1 AND kind = $2 AND NOT removed
        ORDER BY id LIMIT $3
        """;

    private const string NextPageSql = """
        SELECT id, listing::text FROM twin_plant_directory
        WHERE plant = $1 AND kind = $2 AND NOT removed AND id > $4
        ORDER BY id LIMIT $3
        """;

    private const string CountSql = "SELECT count(*) FROM twin_plant_directory WHERE plant = $1 AND kind = $2 AND NOT removed";

    private readonly NpgsqlDataSource _dataSource;

    public PostgresPlantDirectoryStore(string connectionString) => _dataSource = NpgsqlDataSource.Create(connectionString);

    public async Task UpsertAsync(string plant, IReadOnlyList<DirectoryRow> rows, CancellationToken cancellationToken = default)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var kinds = new short[rows.Count];
        var ids = new string[rows.Count];
        var versions = new long[rows.Count];
        var listings = new string?[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            kinds[i] = (short)row.Kind;
            ids[i] = row.Id;
            versions[i] = row.Version;
            listings[i] = row.Listing is null ? null : JsonSerializer.Serialize(row.Listing, row.Listing.GetType(), _json);
        }

        await using var command = _dataSource.CreateCommand(UpsertSql);
        command.Parameters.Add(new NpgsqlParameter { Value = plant, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = kinds, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Smallint });
        command.Parameters.Add(new NpgsqlParameter { Value = ids, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = versions, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter { Value = listings, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<DirectoryPage> PageAsync(string plant, ListingKind kind, string? after, int limit, CancellationToken cancellationToken = default)
    {
        limit = Math.Max(1, limit);
        var type = TypeOf(kind);
        await using var command = _dataSource.CreateCommand(after is null ? FirstPageSql : NextPageSql);
        command.Parameters.Add(new NpgsqlParameter { Value = plant, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (short)kind, NpgsqlDbType = NpgsqlDbType.Smallint });
        // One row more than the page tells whether another page follows.
        command.Parameters.Add(new NpgsqlParameter { Value = limit + 1, NpgsqlDbType = NpgsqlDbType.Integer });
        if (after is not null)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = after, NpgsqlDbType = NpgsqlDbType.Text });
        }

        var items = new List<object>(Math.Min(limit, 1024));
        string? last = null;
        var more = false;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (items.Count == limit)
            {
                more = true;
                break;
            }

            last = reader.GetString(0);
            items.Add(JsonSerializer.Deserialize(reader.GetString(1), type, _json)
                ?? throw new JsonException($"Listing {last} of plant {plant} is stored as null."));
        }

        return new DirectoryPage(items, more ? last : null);
    }

    public async Task<long> CountAsync(string plant, ListingKind kind, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand(CountSql);
        command.Parameters.Add(new NpgsqlParameter { Value = plant, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (short)kind, NpgsqlDbType = NpgsqlDbType.Smallint });
        return (long)(await command.ExecuteScalarAsync(cancellationToken) ?? 0L);
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private static Type TypeOf(ListingKind kind) => kind switch
    {
        ListingKind.Machine => typeof(MachineListing),
        ListingKind.WorkOrder => typeof(WorkOrderListing),
        ListingKind.Lot or ListingKind.LotOnHold => typeof(LotListing),
        ListingKind.Location => typeof(LocationListing),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown listing kind."),
    };
}
