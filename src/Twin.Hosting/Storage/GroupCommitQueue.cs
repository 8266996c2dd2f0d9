using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Npgsql;
using Twin.Grains.Persistence;

namespace Twin.Hosting.Storage;

/// <summary>
/// Group commit for grain state rows: operations from any number of grains wait in one queue; a few writer
/// loops each take what has queued up (up to <see cref="MaxBatch"/>) and run it as one NpgsqlBatch in one
/// transaction, so thousands of twin writes a second cost a few round trips and commits (one fsync each) instead
/// of one per write — the write rate of a plant no longer depends on the database's commit latency. Reads share
/// the batches, so an activation storm after a restart is served the same way. An etag mismatch is not an error
/// inside the batch (the statement touches no row and that caller alone is told); a failed batch fails only its
/// own operations, whose grains keep their state in memory and write again.
/// </summary>
internal sealed class GroupCommitQueue : IAsyncDisposable
{
    public const int MaxBatch = 256;
    private const int Writers = 2;

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _serviceId;
    private readonly ILogger _logger;
    private readonly Channel<StateOperation> _queue = Channel.CreateUnbounded<StateOperation>(new UnboundedChannelOptions { SingleWriter = false });

    // Reads go first: an activation waits for its read, while a write is already held in the twin's memory.
    private readonly Channel<StateOperation> _reads = Channel.CreateUnbounded<StateOperation>(new UnboundedChannelOptions { SingleWriter = false });
    private readonly Task[] _loops;

    public GroupCommitQueue(NpgsqlDataSource dataSource, string serviceId, ILogger logger)
    {
        _dataSource = dataSource;
        _serviceId = serviceId;
        _logger = logger;
        _loops = Enumerable.Range(0, Writers).Select(_ => Task.Run(RunAsync)).ToArray();
    }

    public Task Enqueue(StateOperation operation)
    {
        if (!(operation.Kind == StateOperationKind.Read ? _reads : _queue).Writer.TryWrite(operation))
        {
            operation.Done.TrySetException(new ObjectDisposedException(nameof(GroupCommitQueue), "the silo is stopping: the state was not written"));
        }

        return operation.Done.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _reads.Writer.TryComplete();
        _queue.Writer.TryComplete();
        await Task.WhenAll(_loops);
    }

    private async Task RunAsync()
    {
        var batch = new List<StateOperation>(MaxBatch);
        while (await WaitForWorkAsync())
        {
            while (batch.Count < MaxBatch && _reads.Reader.TryRead(out var read))
            {
                batch.Add(read);
            }

            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var operation))
            {
                batch.Add(operation);
            }

            if (batch.Count == 0)
            {
                continue;
            }

            try
            {
                await ExecuteAsync(batch);
                foreach (var operation in batch)
                {
                    operation.Done.TrySetResult();
                }
            }
            catch (Exception error)
            {
                _logger.LogWarning("Writing {Count} twin state row(s) to PostgreSQL failed ({Reason}); the twins keep their state and write again",
                    batch.Count, error.Message);
                foreach (var operation in batch)
                {
                    operation.Done.TrySetException(error);
                }
            }

            batch.Clear();
        }
    }

    private async Task<bool> WaitForWorkAsync()
    {
        if (_reads.Reader.TryPeek(out _) || _queue.Reader.TryPeek(out _))
        {
            return true;
        }

        var read = _reads.Reader.WaitToReadAsync().AsTask();
        var write = _queue.Reader.WaitToReadAsync().AsTask();
        var first = await Task.WhenAny(read, write);
        // Done only when both queues are completed and empty.
        return await first || await (first == read ? write : read);
    }

    private async Task ExecuteAsync(List<StateOperation> batch)
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var commands = new NpgsqlBatch(connection, transaction);
        foreach (var operation in batch)
        {
            commands.BatchCommands.Add(CommandFor(operation));
        }

        await using (var reader = await commands.ExecuteReaderAsync())
        {
            // Every statement returns its rows (RETURNING etag, payload / the row read); walk the result sets in order.
            foreach (var operation in batch)
            {
                var rows = 0;
                while (await reader.ReadAsync())
                {
                    rows++;
                    operation.FoundETag = reader.GetInt64(0);
                    if (operation.Kind == StateOperationKind.Read)
                    {
                        operation.FoundPayload = (byte[])reader.GetValue(1);
                        operation.FoundJournal = JournalOf(reader);
                    }
                }

                operation.RowsAffected = rows;
                await reader.NextResultAsync();
            }
        }

        await transaction.CommitAsync();
    }

    // The journal columns of a read: three parallel arrays (null when the grain has no rows).
    private static IReadOnlyList<JournalRow> JournalOf(NpgsqlDataReader reader)
    {
        if (reader.IsDBNull(2))
        {
            return [];
        }

        var streams = reader.GetFieldValue<short[]>(2);
        var sequences = reader.GetFieldValue<long[]>(3);
        var payloads = reader.GetFieldValue<byte[][]>(4);
        var rows = new JournalRow[streams.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = new JournalRow(streams[i], sequences[i], payloads[i]);
        }

        return rows;
    }

    private NpgsqlBatchCommand CommandFor(StateOperation operation)
    {
        if (operation.Kind == StateOperationKind.Write && operation.Journaled)
        {
            return JournaledWrite(operation);
        }

        var command = operation.Kind switch
        {
            // The grain's journal rows come with its state row: one statement, one index probe when it has none.
            StateOperationKind.Read => new NpgsqlBatchCommand(
                "SELECT s.etag, s.payload, j.streams, j.seqs, j.payloads FROM twin_grain_state s LEFT JOIN LATERAL (" +
                "SELECT array_agg(r.stream ORDER BY r.stream, r.seq) AS streams, array_agg(r.seq ORDER BY r.stream, r.seq) AS seqs, " +
                "array_agg(r.payload ORDER BY r.stream, r.seq) AS payloads FROM twin_grain_journal r " +
                "WHERE r.service_id = s.service_id AND r.grain_id = s.grain_id AND r.state_name = s.state_name) j ON true " +
                "WHERE s.service_id = $1 AND s.grain_id = $2 AND s.state_name = $3"),
            StateOperationKind.Write when operation.ETag is null => new NpgsqlBatchCommand(
                "INSERT INTO twin_grain_state (service_id, grain_id, state_name, etag, payload) VALUES ($1, $2, $3, 1, $4) " +
                "ON CONFLICT DO NOTHING RETURNING etag"),
            StateOperationKind.Write => new NpgsqlBatchCommand(
                "UPDATE twin_grain_state SET etag = etag + 1, payload = $4, modified_at = now() " +
                "WHERE service_id = $1 AND grain_id = $2 AND state_name = $3 AND etag = $5 RETURNING etag"),
            _ => new NpgsqlBatchCommand(
                "WITH s AS (DELETE FROM twin_grain_state WHERE service_id = $1 AND grain_id = $2 AND state_name = $3 " +
                "AND ($4::bigint IS NULL OR etag = $4) RETURNING etag), " +
                "j AS (DELETE FROM twin_grain_journal WHERE EXISTS (SELECT 1 FROM s) AND service_id = $1 AND grain_id = $2 AND state_name = $3) " +
                "SELECT etag FROM s"),
        };
        AddKey(command, operation);
        if (operation.Kind == StateOperationKind.Write)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = operation.Payload! });
        }

        if (operation.Kind == StateOperationKind.Clear || (operation.Kind == StateOperationKind.Write && operation.ETag is not null))
        {
            command.Parameters.Add(new NpgsqlParameter<long?> { TypedValue = operation.ETag, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
        }

        return command;
    }

    // The state row and its journal in one statement: rows are appended and cut only when the state's version check
    // passes (a stale activation writes nothing), and all of it commits with the batch's transaction.
    private NpgsqlBatchCommand JournaledWrite(StateOperation operation)
    {
        var state = operation.ETag is null
            ? "INSERT INTO twin_grain_state (service_id, grain_id, state_name, etag, payload) VALUES ($1, $2, $3, 1, $4) " +
              "ON CONFLICT DO NOTHING RETURNING etag"
            : "UPDATE twin_grain_state SET etag = etag + 1, payload = $4, modified_at = now() " +
              "WHERE service_id = $1 AND grain_id = $2 AND state_name = $3 AND etag = $9 RETURNING etag";
        var command = new NpgsqlBatchCommand(
            $"WITH s AS ({state}), " +
            "a AS (INSERT INTO twin_grain_journal (service_id, grain_id, state_name, stream, seq, payload) " +
            "SELECT $1, $2, $3, r.stream, r.seq, r.payload FROM unnest($5::smallint[], $6::bigint[], $7::bytea[]) AS r(stream, seq, payload) " +
            "WHERE EXISTS (SELECT 1 FROM s) " +
            "ON CONFLICT (service_id, grain_id, state_name, stream, seq) DO UPDATE SET payload = EXCLUDED.payload), " +
            "d AS (DELETE FROM twin_grain_journal j USING unnest($8::bigint[]) WITH ORDINALITY AS c(upto, n) " +
            "WHERE EXISTS (SELECT 1 FROM s) AND j.service_id = $1 AND j.grain_id = $2 AND j.state_name = $3 " +
            "AND j.stream = (c.n - 1)::smallint AND j.seq <= c.upto) " +
            "SELECT etag FROM s");
        AddKey(command, operation);
        command.Parameters.Add(new NpgsqlParameter { Value = operation.Payload! });
        var rows = operation.Appended ?? [];
        command.Parameters.Add(new NpgsqlParameter<short[]> { TypedValue = rows.Select(r => r.Stream).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = rows.Select(r => r.Sequence).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = rows.Select(r => r.Payload).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = CutsByStream(operation.Cuts ?? []) });
        if (operation.ETag is not null)
        {
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = operation.ETag.Value });
        }

        return command;
    }

    // Cut-off per stream number (index = stream); a stream without a cut keeps everything (-1: no sequence is that low).
    private static long[] CutsByStream(IReadOnlyList<JournalCut> cuts)
    {
        if (cuts.Count == 0)
        {
            return [];
        }

        var byStream = new long[cuts.Max(c => c.Stream) + 1];
        Array.Fill(byStream, -1);
        foreach (var cut in cuts)
        {
            byStream[cut.Stream] = cut.UpTo;
        }

        return byStream;
    }

    private void AddKey(NpgsqlBatchCommand command, StateOperation operation)
    {
        command.Parameters.Add(new NpgsqlParameter { Value = _serviceId });
        command.Parameters.Add(new NpgsqlParameter { Value = operation.GrainId });
        command.Parameters.Add(new NpgsqlParameter { Value = operation.StateName });
    }
}
