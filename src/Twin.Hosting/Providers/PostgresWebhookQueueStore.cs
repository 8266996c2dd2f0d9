using Npgsql;
using NpgsqlTypes;
using Twin.Grains.Webhooks.Queue;

namespace Twin.Hosting.Providers;

/// <summary>
/// Webhook delivery queues in PostgreSQL (twin_webhook_queue and twin_webhook_queue_counts,
/// Schema/0007_webhook_queue.sql). Each operation is one statement: an append inserts its rows in order (dedup by the
/// primary key) and counts the duplicates; outcomes update the attempted rows and the counters together.
/// </summary>
public sealed class PostgresWebhookQueueStore(string connectionString) : IWebhookQueueStore, IAsyncDisposable
{
    private const short Pending = 0;
    private const short Delivered = 1;
    private const short Dead = 2;

    private const string Columns = "seq, message_id, twin_key, event_type, body, enqueued_at, attempts, due_at, status, last_attempt_at, delivered_at, last_status, last_answer";

    private const string AppendSql = """
        WITH ins AS (
            INSERT INTO twin_webhook_queue (queue, message_id, twin_key, event_type, body, enqueued_at, due_at)
            SELECT $1, r.m, r.t, r.e, r.b, $6, $6
            FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS r(m, t, e, b, n)
            ORDER BY r.n
            ON CONFLICT (queue, message_id) DO NOTHING
            RETURNING 1),
        counted AS (
            INSERT INTO twin_webhook_queue_counts AS c (queue, duplicates)
            SELECT $1, cardinality($2::text[]) - (SELECT count(*) FROM ins)
            ON CONFLICT (queue) DO UPDATE SET duplicates = c.duplicates + EXCLUDED.duplicates)
        SELECT count(*) FROM ins
        """;

    // The first pending message of each twin, then those of them that are due, oldest first. The heads are found by
    // skipping from one twin to the next on the pending index (one index probe per twin with pending messages):
    // DISTINCT ON read every pending row of the queue on every take, so a long receiver outage made each take slower.
    private const string DueSql = $"""
        WITH RECURSIVE heads AS (
            (SELECT {Columns} FROM twin_webhook_queue
             WHERE queue = $1 AND status = 0 ORDER BY twin_key, seq LIMIT 1)
            UNION ALL
            SELECT n.* FROM heads h, LATERAL (
                SELECT {Columns} FROM twin_webhook_queue
                WHERE queue = $1 AND status = 0 AND twin_key > h.twin_key ORDER BY twin_key, seq LIMIT 1) n)
        SELECT {Columns} FROM heads WHERE due_at <= $2 ORDER BY seq LIMIT $3
        """;

    private const string RecordSql = """
        WITH o AS (
            SELECT * FROM unnest($2::bigint[], $3::smallint[], $4::timestamptz[], $5::timestamptz[], $6::integer[], $7::text[])
                AS o(seq, status, attempted_at, due_at, last_status, last_answer)),
        upd AS (
            UPDATE twin_webhook_queue q
            SET status = o.status, attempts = q.attempts + 1, last_attempt_at = o.attempted_at, due_at = o.due_at,
                delivered_at = CASE WHEN o.status = 1 THEN o.attempted_at ELSE q.delivered_at END,
                last_status = o.last_status, last_answer = o.last_answer
            FROM o WHERE q.queue = $1 AND q.seq = o.seq AND q.status = 0
            RETURNING o.status, o.attempted_at)
        INSERT INTO twin_webhook_queue_counts AS c (queue, delivered, retried, last_delivered_at)
        SELECT $1, count(*) FILTER (WHERE status = 1), count(*) FILTER (WHERE status = 0), max(attempted_at) FILTER (WHERE status = 1) FROM upd
        ON CONFLICT (queue) DO UPDATE SET delivered = c.delivered + EXCLUDED.delivered, retried = c.retried + EXCLUDED.retried,
            last_delivered_at = COALESCE(EXCLUDED.last_delivered_at, c.last_delivered_at)
        """;

    private const string CountsSql = """
        SELECT (SELECT count(*) FROM twin_webhook_queue WHERE queue = $1 AND status = 0),
               (SELECT min(enqueued_at) FROM twin_webhook_queue WHERE queue = $1 AND status = 0),
               (SELECT count(*) FROM twin_webhook_queue WHERE queue = $1 AND status = 2),
               c.delivered, c.retried, c.duplicates, c.last_delivered_at
        FROM (SELECT 1) one LEFT JOIN twin_webhook_queue_counts c ON c.queue = $1
        """;

    private const string LogSql = $"SELECT {Columns} FROM twin_webhook_queue WHERE queue = $1 ORDER BY seq DESC LIMIT $2";

    private const string ReplaySql = """
        UPDATE twin_webhook_queue SET status = 0, enqueued_at = $3, due_at = $3, attempts = 0
        WHERE queue = $1 AND status = 2 AND ($2::text IS NULL OR message_id = $2)
        """;

    private const string TrimSql = """
        DELETE FROM twin_webhook_queue WHERE queue = $1 AND status = 1 AND seq <= (
            SELECT seq FROM twin_webhook_queue WHERE queue = $1 AND status = 1 ORDER BY seq DESC OFFSET $2 LIMIT 1)
        """;

    private const string DropSql = """
        WITH q AS (DELETE FROM twin_webhook_queue WHERE queue = $1)
        DELETE FROM twin_webhook_queue_counts WHERE queue = $1
        """;

    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);

    public async Task<int> AppendAsync(string queue, IReadOnlyList<WebhookMessage> messages, CancellationToken cancellationToken = default)
    {
        if (messages.Count == 0)
        {
            return 0;
        }

        await using var command = Command(AppendSql, queue);
        Texts(command, messages.Select(m => m.MessageId));
        Texts(command, messages.Select(m => m.TwinKey));
        Texts(command, messages.Select(m => m.EventType));
        Texts(command, messages.Select(m => m.Body));
        command.Parameters.Add(new NpgsqlParameter { Value = messages[0].EnqueuedAt.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        return (int)(long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<IReadOnlyList<WebhookMessage>> DueAsync(string queue, DateTimeOffset now, int max, CancellationToken cancellationToken = default)
    {
        await using var command = Command(DueSql, queue);
        command.Parameters.Add(new NpgsqlParameter { Value = now.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = max, NpgsqlDbType = NpgsqlDbType.Integer });
        return await ReadAsync(command, cancellationToken);
    }

    public async Task RecordAsync(string queue, IReadOnlyList<WebhookAttemptOutcome> outcomes, CancellationToken cancellationToken = default)
    {
        if (outcomes.Count == 0)
        {
            return;
        }

        await using var command = Command(RecordSql, queue);
        command.Parameters.Add(new NpgsqlParameter { Value = outcomes.Select(o => o.Sequence).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter { Value = outcomes.Select(o => StatusOf(o.State)).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Smallint });
        command.Parameters.Add(new NpgsqlParameter { Value = outcomes.Select(o => o.AttemptedAt.UtcDateTime).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = outcomes.Select(o => o.NextAttemptAt.UtcDateTime).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = outcomes.Select(o => o.Status).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
        Texts(command, outcomes.Select(o => o.Answer));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<WebhookQueueCounts> CountsAsync(string queue, CancellationToken cancellationToken = default)
    {
        await using var command = Command(CountsSql, queue);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new WebhookQueueCounts(
            reader.IsDBNull(3) ? 0 : reader.GetInt64(3),
            (int)reader.GetInt64(0),
            reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1),
            (int)reader.GetInt64(2),
            reader.IsDBNull(4) ? 0 : reader.GetInt64(4),
            reader.IsDBNull(5) ? 0 : reader.GetInt64(5),
            reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6));
    }

    public async Task<IReadOnlyList<WebhookMessage>> LogAsync(string queue, int max, CancellationToken cancellationToken = default)
    {
        await using var command = Command(LogSql, queue);
        command.Parameters.Add(new NpgsqlParameter { Value = max, NpgsqlDbType = NpgsqlDbType.Integer });
        return await ReadAsync(command, cancellationToken);
    }

    public async Task<int> ReplayAsync(string queue, string? messageId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var command = Command(ReplaySql, queue);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)messageId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = now.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task TrimAsync(string queue, int keep, CancellationToken cancellationToken = default)
    {
        await using var command = Command(TrimSql, queue);
        command.Parameters.Add(new NpgsqlParameter { Value = keep, NpgsqlDbType = NpgsqlDbType.Integer });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task DropAsync(string queue, CancellationToken cancellationToken = default)
    {
        await using var command = Command(DropSql, queue);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private NpgsqlCommand Command(string sql, string queue)
    {
        var command = _dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = queue, NpgsqlDbType = NpgsqlDbType.Text });
        return command;
    }

    private static void Texts(NpgsqlCommand command, IEnumerable<string?> values) =>
        command.Parameters.Add(new NpgsqlParameter { Value = values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });

    private static short StatusOf(string state) => state switch
    {
        WebhookMessage.Delivered => Delivered,
        WebhookMessage.DeadLetter => Dead,
        _ => Pending,
    };

    private static string StateOf(short status) => status switch
    {
        Delivered => WebhookMessage.Delivered,
        Dead => WebhookMessage.DeadLetter,
        _ => WebhookMessage.Pending,
    };

    private static async Task<IReadOnlyList<WebhookMessage>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var rows = new List<WebhookMessage>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new WebhookMessage(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.GetFieldValue<DateTimeOffset>(5), reader.GetInt32(6), reader.GetFieldValue<DateTimeOffset>(7), StateOf(reader.GetInt16(8)),
                reader.IsDBNull(9) ? null : reader.GetFieldValue<DateTimeOffset>(9),
                reader.IsDBNull(10) ? null : reader.GetFieldValue<DateTimeOffset>(10),
                reader.IsDBNull(11) ? null : reader.GetInt32(11),
                reader.IsDBNull(12) ? null : reader.GetString(12)));
        }

        return rows;
    }
}
