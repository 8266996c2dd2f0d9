using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Twin.Erp.Outbox;
using Twin.Erp.Posting;
using Twin.Erp.Transactions;

namespace Twin.Hosting.Providers;

/// <summary>
/// The ERP outbox in PostgreSQL (tables twin_erp_outbox and twin_erp_outbox_plant, Schema/0002_erp_outbox.sql; staged
/// sources of open posting windows in twin_erp_staged, Schema/0005_erp_posting_windows.sql).
/// Every operation is one statement: an append inserts its rows (dedup by the primary key, ON CONFLICT DO NOTHING)
/// and bumps the plant's counters row; a take reads one batch through the partial due index; outcomes update the
/// batch's rows and the counters. Nothing reads or rewrites the whole queue, so bytes written per event do not
/// depend on the backlog. Transactions are stored as System.Text.Json (jsonb), no CLR type names.
/// </summary>
public sealed class PostgresErpOutboxStore : IErpOutboxStore, IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General);

    private const string AppendSql = """
        WITH ins AS (
            INSERT INTO twin_erp_outbox (plant, idem_key, payload, enqueued_at, due_at)
            SELECT $1, r.idem_key, r.payload::jsonb, $4, $4
            FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS r(idem_key, payload, n)
            WHERE NOT EXISTS (SELECT 1 FROM twin_erp_staged s WHERE s.plant = $1 AND s.source_key = r.idem_key)
            ORDER BY r.n
            ON CONFLICT (plant, idem_key) DO NOTHING
            RETURNING idem_key),
        counted AS (
            INSERT INTO twin_erp_outbox_plant AS p (plant, pending, duplicates)
            SELECT $1, (SELECT count(*) FROM ins), cardinality($2::text[]) - (SELECT count(*) FROM ins)
            ON CONFLICT (plant) DO UPDATE
                SET pending = p.pending + EXCLUDED.pending, duplicates = p.duplicates + EXCLUDED.duplicates)
        SELECT idem_key FROM ins
        """;

    // A source whose key is a document's (posted alone before, e.g. with no window) is a duplicate too.
    private const string StageSql = """
        WITH ins AS (
            INSERT INTO twin_erp_staged (plant, source_key, group_key, payload, staged_at)
            SELECT $1, r.source_key, r.group_key, r.payload::jsonb, r.staged_at
            FROM unnest($2::text[], $3::text[], $4::text[], $5::timestamptz[]) WITH ORDINALITY AS r(source_key, group_key, payload, staged_at, n)
            WHERE NOT EXISTS (SELECT 1 FROM twin_erp_outbox o WHERE o.plant = $1 AND o.idem_key = r.source_key)
            ORDER BY r.n
            ON CONFLICT (plant, source_key) DO NOTHING
            RETURNING source_key),
        counted AS (
            INSERT INTO twin_erp_outbox_plant AS p (plant, staged, duplicates)
            SELECT $1, (SELECT count(*) FROM ins), cardinality($2::text[]) - (SELECT count(*) FROM ins)
            ON CONFLICT (plant) DO UPDATE
                SET staged = p.staged + EXCLUDED.staged, duplicates = p.duplicates + EXCLUDED.duplicates)
        SELECT source_key FROM ins
        """;

    private const string OpenSourcesSql = """
        SELECT group_key, payload::text, staged_at FROM twin_erp_staged
        WHERE plant = $1 AND document_key IS NULL ORDER BY seq
        """;

    // Seal, step 1 (same transaction as step 2): open sources take their document's key; sources already sealed into
    // that same document count too (a retried seal). The caller compares the sum with the number of sources.
    private const string SealSourcesSql = """
        WITH d AS (SELECT * FROM unnest($2::text[], $3::text[]) AS d(source_key, document_key)),
        upd AS (
            UPDATE twin_erp_staged s SET document_key = d.document_key, payload = NULL
            FROM d WHERE s.plant = $1 AND s.source_key = d.source_key AND s.document_key IS NULL
            RETURNING 1),
        same AS (
            SELECT 1 FROM twin_erp_staged s JOIN d ON s.source_key = d.source_key
            WHERE s.plant = $1 AND s.document_key = d.document_key)
        SELECT (SELECT count(*) FROM upd), (SELECT count(*) FROM same)
        """;

    // Seal, step 2: the documents, pending and due at once (a retried seal finds them there).
    private const string SealDocumentsSql = """
        WITH ins AS (
            INSERT INTO twin_erp_outbox (plant, idem_key, payload, enqueued_at, due_at, sources)
            SELECT $1, r.idem_key, r.payload::jsonb, $5, $5, r.sources
            FROM unnest($2::text[], $3::text[], $4::integer[]) WITH ORDINALITY AS r(idem_key, payload, sources, n)
            ORDER BY r.n
            ON CONFLICT (plant, idem_key) DO NOTHING
            RETURNING 1)
        INSERT INTO twin_erp_outbox_plant AS p (plant, pending, staged)
        SELECT $1, (SELECT count(*) FROM ins), -$6
        ON CONFLICT (plant) DO UPDATE SET pending = p.pending + EXCLUDED.pending, staged = p.staged + EXCLUDED.staged
        """;

    private const string TakeDueSql = """
        SELECT payload::text, enqueued_at, due_at, attempts, last_error FROM twin_erp_outbox
        WHERE plant = $1 AND status = 0 AND due_at <= $2
        ORDER BY due_at, seq LIMIT $3
        """;

    private const string NextDueSql = "SELECT min(due_at) FROM twin_erp_outbox WHERE plant = $1 AND status = 0 AND due_at > $2";

    // Outcome kinds: 0 booked, 1 retry, 2 dead letter (ErpRowOutcomeKind).
    private const string RecordSql = """
        WITH o AS (
            SELECT * FROM unnest($2::text[], $3::smallint[], $4::integer[], $5::timestamptz[], $6::text[])
                AS o(idem_key, kind, attempts, next_at, reason)),
        upd AS (
            UPDATE twin_erp_outbox t SET
                status = CASE o.kind WHEN 0 THEN 1 WHEN 2 THEN 2 ELSE 0 END,
                payload = CASE o.kind WHEN 0 THEN NULL ELSE t.payload END,
                attempts = o.attempts,
                due_at = CASE o.kind WHEN 1 THEN o.next_at ELSE t.due_at END,
                last_error = o.reason,
                done_at = CASE o.kind WHEN 1 THEN NULL ELSE $7 END
            FROM o
            WHERE t.plant = $1 AND t.idem_key = o.idem_key AND t.status = 0
            RETURNING o.kind, t.sources)
        UPDATE twin_erp_outbox_plant SET
            pending = pending - (SELECT count(*) FROM upd WHERE kind <> 1),
            posted = posted + (SELECT count(*) FROM upd WHERE kind = 0),
            sources_booked = sources_booked + (SELECT coalesce(sum(sources), 0) FROM upd WHERE kind = 0),
            retried = retried + (SELECT count(*) FROM upd WHERE kind = 1),
            dead = dead + (SELECT count(*) FROM upd WHERE kind = 2),
            dead_lettered = dead_lettered + (SELECT count(*) FROM upd WHERE kind = 2),
            last_posted_at = CASE WHEN EXISTS (SELECT 1 FROM upd WHERE kind = 0) THEN $7 ELSE last_posted_at END
        WHERE plant = $1
        """;

    private const string ReplayOneSql = """
        WITH r AS (
            UPDATE twin_erp_outbox SET status = 0, due_at = $3, enqueued_at = $3, done_at = NULL, attempts = 0
            WHERE plant = $1 AND idem_key = $2 AND status = 2
            RETURNING 1)
        UPDATE twin_erp_outbox_plant SET
            pending = pending + (SELECT count(*) FROM r), dead = dead - (SELECT count(*) FROM r), replayed = replayed + (SELECT count(*) FROM r)
        WHERE plant = $1
        RETURNING (SELECT count(*) FROM r)
        """;

    private const string ReplayChunkSql = """
        WITH pick AS (
            SELECT idem_key FROM twin_erp_outbox WHERE plant = $1 AND status = 2 ORDER BY seq LIMIT $2 FOR UPDATE),
        r AS (
            UPDATE twin_erp_outbox t SET status = 0, due_at = $3, enqueued_at = $3, done_at = NULL, attempts = 0
            FROM pick WHERE t.plant = $1 AND t.idem_key = pick.idem_key
            RETURNING 1)
        UPDATE twin_erp_outbox_plant SET
            pending = pending + (SELECT count(*) FROM r), dead = dead - (SELECT count(*) FROM r), replayed = replayed + (SELECT count(*) FROM r)
        WHERE plant = $1
        RETURNING (SELECT count(*) FROM r)
        """;

    private const string DeadLettersSql = """
        SELECT payload::text, last_error, done_at, attempts FROM twin_erp_outbox
        WHERE plant = $1 AND status = 2 ORDER BY seq LIMIT $2
        """;

    private const string CountsSql = """
        SELECT pending, dead, posted, retried, dead_lettered, replayed, duplicates, not_for_erp, last_posted_at,
               (SELECT enqueued_at FROM twin_erp_outbox WHERE plant = $1 AND status = 0 ORDER BY seq LIMIT 1),
               staged, sources_booked
        FROM twin_erp_outbox_plant WHERE plant = $1
        """;

    private const string NotForErpSql = """
        INSERT INTO twin_erp_outbox_plant AS p (plant, not_for_erp) VALUES ($1, $2)
        ON CONFLICT (plant) DO UPDATE SET not_for_erp = p.not_for_erp + EXCLUDED.not_for_erp
        """;

    // A booked document's staged sources are forgotten with its key (PostgreSQL runs a data-modifying CTE whether or
    // not the main query reads it).
    private const string ForgetSql = """
        WITH gone AS (
            DELETE FROM twin_erp_outbox WHERE ctid IN (
                SELECT ctid FROM twin_erp_outbox WHERE plant = $1 AND status = 1 AND done_at < $2 LIMIT $3)
            RETURNING idem_key),
        sources AS (
            DELETE FROM twin_erp_staged s USING gone WHERE s.plant = $1 AND s.document_key = gone.idem_key)
        SELECT count(*) FROM gone
        """;

    private readonly NpgsqlDataSource _dataSource;

    public PostgresErpOutboxStore(string connectionString) => _dataSource = NpgsqlDataSource.Create(connectionString);

    public async Task<IReadOnlyList<ErpEnqueueResult>> AppendAsync(string plant, IReadOnlyList<ErpTransaction> transactions, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        if (transactions.Count == 0)
        {
            return [];
        }

        var keys = transactions.Select(t => t.IdempotencyKey).ToArray();
        var payloads = transactions.Select(t => JsonSerializer.Serialize(t, Json)).ToArray();
        await using var command = _dataSource.CreateCommand(AppendSql);
        Text(command, plant);
        command.Parameters.Add(new NpgsqlParameter { Value = keys, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = payloads, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        Time(command, now);
        var inserted = new HashSet<string>(StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                inserted.Add(reader.GetString(0));
            }
        }

        // A key twice in one call: the first is accepted, the second is a duplicate.
        return keys.Select(k => inserted.Remove(k) ? ErpEnqueueResult.Accepted : ErpEnqueueResult.Duplicate).ToList();
    }

    public async Task<IReadOnlyList<ErpEnqueueResult>> StageAsync(string plant, IReadOnlyList<ErpStagedSource> sources, CancellationToken cancellationToken = default)
    {
        if (sources.Count == 0)
        {
            return [];
        }

        var keys = sources.Select(s => s.Source.IdempotencyKey).ToArray();
        await using var command = _dataSource.CreateCommand(StageSql);
        Text(command, plant);
        command.Parameters.Add(new NpgsqlParameter { Value = keys, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = sources.Select(s => s.GroupKey).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = sources.Select(s => JsonSerializer.Serialize(s.Source, Json)).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = sources.Select(s => s.StagedAt.UtcDateTime).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        var inserted = new HashSet<string>(StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                inserted.Add(reader.GetString(0));
            }
        }

        return keys.Select(k => inserted.Remove(k) ? ErpEnqueueResult.Accepted : ErpEnqueueResult.Duplicate).ToList();
    }

    public async Task<IReadOnlyList<ErpStagedSource>> OpenSourcesAsync(string plant, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand(OpenSourcesSql);
        Text(command, plant);
        var open = new List<ErpStagedSource>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            open.Add(new ErpStagedSource(Read(reader.GetString(1)), reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(2)));
        }

        return open;
    }

    public async Task<bool> SealAsync(string plant, IReadOnlyList<ErpSealedDocument> documents, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        if (documents.Count == 0)
        {
            return true;
        }

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var sourceKeys = documents.SelectMany(d => d.SourceKeys).ToArray();
        long newlySealed, alreadySealed;
        await using (var sources = new NpgsqlCommand(SealSourcesSql, connection, transaction))
        {
            Text(sources, plant);
            sources.Parameters.Add(new NpgsqlParameter { Value = sourceKeys, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            sources.Parameters.Add(new NpgsqlParameter { Value = documents.SelectMany(d => d.SourceKeys.Select(_ => d.Document.IdempotencyKey)).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            await using var reader = await sources.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            (newlySealed, alreadySealed) = (reader.GetInt64(0), reader.GetInt64(1));
        }

        if (newlySealed + alreadySealed != sourceKeys.Length)
        {
            // A source is unknown or in another document: change nothing, let the caller re-read what is open.
            await transaction.RollbackAsync(cancellationToken);
            return false;
        }

        await using (var insert = new NpgsqlCommand(SealDocumentsSql, connection, transaction))
        {
            Text(insert, plant);
            insert.Parameters.Add(new NpgsqlParameter { Value = documents.Select(d => d.Document.IdempotencyKey).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            insert.Parameters.Add(new NpgsqlParameter { Value = documents.Select(d => JsonSerializer.Serialize(d.Document, Json)).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            insert.Parameters.Add(new NpgsqlParameter { Value = documents.Select(d => d.SourceKeys.Count).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
            Time(insert, now);
            insert.Parameters.Add(new NpgsqlParameter { Value = newlySealed, NpgsqlDbType = NpgsqlDbType.Bigint });
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<IReadOnlyList<PendingErpTransaction>> TakeDueAsync(string plant, DateTimeOffset now, int max, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand(TakeDueSql);
        Text(command, plant);
        Time(command, now);
        command.Parameters.Add(new NpgsqlParameter { Value = max, NpgsqlDbType = NpgsqlDbType.Integer });
        var rows = new List<PendingErpTransaction>(Math.Min(max, 1024));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new PendingErpTransaction
            {
                Transaction = Read(reader.GetString(0)),
                EnqueuedAt = reader.GetFieldValue<DateTimeOffset>(1),
                NextAttemptAt = reader.GetFieldValue<DateTimeOffset>(2),
                Attempts = reader.GetInt32(3),
                LastFailure = reader.IsDBNull(4) ? null : reader.GetString(4),
            });
        }

        return rows;
    }

    public async Task<DateTimeOffset?> NextDueAfterAsync(string plant, DateTimeOffset after, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand(NextDueSql);
        Text(command, plant);
        Time(command, after);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is DateTime at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : null;
    }

    public async Task RecordAsync(string plant, IReadOnlyList<ErpRowOutcome> outcomes, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        if (outcomes.Count == 0)
        {
            return;
        }

        var utcNow = now.UtcDateTime;
        await using var command = _dataSource.CreateCommand(RecordSql);
        Text(command, plant);
        command.Parameters.Add(new NpgsqlParameter { Value = outcomes.Select(o => o.IdempotencyKey).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = outcomes.Select(o => (short)o.Kind).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Smallint });
        command.Parameters.Add(new NpgsqlParameter { Value = outcomes.Select(o => o.Attempts).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter { Value = outcomes.Select(o => o.NextAttemptAt?.UtcDateTime ?? utcNow).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = outcomes.Select(o => o.Reason).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        Time(command, now);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> ReplayAsync(string plant, string idempotencyKey, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand(ReplayOneSql);
        Text(command, plant);
        Text(command, idempotencyKey);
        Time(command, now);
        return await command.ExecuteScalarAsync(cancellationToken) is long n && n > 0;
    }

    public async Task<int> ReplayDeadLettersAsync(string plant, int max, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand(ReplayChunkSql);
        Text(command, plant);
        command.Parameters.Add(new NpgsqlParameter { Value = max, NpgsqlDbType = NpgsqlDbType.Integer });
        Time(command, now);
        return await command.ExecuteScalarAsync(cancellationToken) is long n ? (int)n : 0;
    }

    public async Task<IReadOnlyList<DeadLetteredErpTransaction>> DeadLettersAsync(string plant, int max, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand(DeadLettersSql);
        Text(command, plant);
        command.Parameters.Add(new NpgsqlParameter { Value = max, NpgsqlDbType = NpgsqlDbType.Integer });
        var letters = new List<DeadLetteredErpTransaction>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            letters.Add(new DeadLetteredErpTransaction
            {
                Transaction = Read(reader.GetString(0)),
                Reason = reader.IsDBNull(1) ? "rejected by the ERP without a reason" : reader.GetString(1),
                RejectedAt = reader.GetFieldValue<DateTimeOffset>(2),
                Attempts = reader.GetInt32(3),
            });
        }

        return letters;
    }

    public async Task<ErpOutboxCounts> CountsAsync(string plant, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand(CountsSql);
        Text(command, plant);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return new ErpOutboxCounts();
        }

        return new ErpOutboxCounts
        {
            Pending = reader.GetInt64(0),
            DeadLetters = reader.GetInt64(1),
            Posted = reader.GetInt64(2),
            Retried = reader.GetInt64(3),
            DeadLettered = reader.GetInt64(4),
            Replayed = reader.GetInt64(5),
            Duplicates = reader.GetInt64(6),
            NotForErp = reader.GetInt64(7),
            LastPostedAt = reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8),
            OldestPendingAge = reader.IsDBNull(9) ? null : now - reader.GetFieldValue<DateTimeOffset>(9),
            StagedSources = reader.GetInt64(10),
            SourcesBooked = reader.GetInt64(11),
        };
    }

    // The oldest max pending rows (partial index twin_erp_outbox_oldest) and the oldest max dead letters
    // (twin_erp_outbox_dead): bounded reads whatever the backlog; the kind is read from the payload of those rows only.
    private const string CountByKindSql = """
        SELECT 0, k, count(*) FILTER (WHERE q < $2), count(*) FROM (
            SELECT payload->>'Kind' AS k, enqueued_at AS q FROM twin_erp_outbox
            WHERE plant = $1 AND status = 0 ORDER BY seq LIMIT $3) pending GROUP BY k
        UNION ALL
        SELECT 2, k, count(*), count(*) FROM (
            SELECT payload->>'Kind' AS k FROM twin_erp_outbox
            WHERE plant = $1 AND status = 2 ORDER BY seq LIMIT $3) dead GROUP BY k
        """;

    public async Task<ErpOutboxKindCounts> CountByKindAsync(string plant, DateTimeOffset queuedBefore, int max, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand(CountByKindSql);
        Text(command, plant);
        Time(command, queuedBefore);
        command.Parameters.Add(new NpgsqlParameter { Value = max, NpgsqlDbType = NpgsqlDbType.Integer });
        var pending = new Dictionary<ErpTransactionKind, long>();
        var dead = new Dictionary<ErpTransactionKind, long>();
        long pendingRead = 0, deadRead = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var isDead = reader.GetInt32(0) == 2;
            if (reader.IsDBNull(1) || !TryKind(reader.GetString(1), out var kind))
            {
                continue;
            }

            var counted = reader.GetInt64(2);
            if (isDead)
            {
                dead[kind] = dead.GetValueOrDefault(kind) + counted;
                deadRead += reader.GetInt64(3);
            }
            else
            {
                if (counted > 0)
                {
                    pending[kind] = pending.GetValueOrDefault(kind) + counted;
                }

                pendingRead += reader.GetInt64(3);
            }
        }

        return new ErpOutboxKindCounts { PendingBefore = pending, DeadLetters = dead, Capped = pendingRead >= max || deadRead >= max };
    }

    // Kinds are stored as numbers (System.Text.Json's default); a name is read too.
    private static bool TryKind(string text, out ErpTransactionKind kind)
    {
        if (int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var number)
            && Enum.IsDefined((ErpTransactionKind)number))
        {
            kind = (ErpTransactionKind)number;
            return true;
        }

        return Enum.TryParse(text, ignoreCase: true, out kind) && Enum.IsDefined(kind);
    }

    public async Task CountNotForErpAsync(string plant, long count, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand(NotForErpSql);
        Text(command, plant);
        command.Parameters.Add(new NpgsqlParameter { Value = count, NpgsqlDbType = NpgsqlDbType.Bigint });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<int> ForgetBookedAsync(string plant, DateTimeOffset bookedBefore, int max, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand(ForgetSql);
        Text(command, plant);
        Time(command, bookedBefore);
        command.Parameters.Add(new NpgsqlParameter { Value = max, NpgsqlDbType = NpgsqlDbType.Integer });
        return await command.ExecuteScalarAsync(cancellationToken) is long n ? (int)n : 0;
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private static ErpTransaction Read(string json) =>
        JsonSerializer.Deserialize<ErpTransaction>(json, Json) ?? throw new JsonException("An ERP outbox row holds a null transaction.");

    private static void Text(NpgsqlCommand command, string value) =>
        command.Parameters.Add(new NpgsqlParameter { Value = value, NpgsqlDbType = NpgsqlDbType.Text });

    private static void Time(NpgsqlCommand command, DateTimeOffset value) =>
        command.Parameters.Add(new NpgsqlParameter { Value = value.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
}
