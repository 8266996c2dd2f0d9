using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Npgsql;
using Twin.Grains.Persistence;

namespace Twin.Hosting.Storage;

/// <summary>
/// Group commit for grain state rows: operations from any number of grains wait in one queue; a few writer
/// loops each take what has queued up (up to <see cref="MaxBatch"/>) and run it as one NpgsqlBatch in one
/// transaction, so thousands of twin writes a second cost a few round trips and commits (one fsync each) instead
/// of one per write — the write rate of a plant no longer depends on the database's commit latency. The writes of a
/// batch are one statement (<see cref="BulkStateWrite"/>), not one per grain: the server's cost per statement was
/// most of the cost of a twin write. While a batch is in flight the next one queues up. Reads share
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
        var work = new EitherQueueWait<StateOperation>(_reads.Reader, _queue.Reader);
        while (await work.WaitAsync())
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

    private async Task ExecuteAsync(List<StateOperation> batch)
    {
        var parts = Plan(batch);
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var commands = new NpgsqlBatch(connection, transaction);
        foreach (var part in parts)
        {
            commands.BatchCommands.Add(part.Bulk?.Command(_serviceId) ?? CommandFor(part.Single!));
        }

        await using (var reader = await commands.ExecuteReaderAsync())
        {
            // Every statement returns its rows (the rows written with their new etag / the row read); walk the result sets in order.
            foreach (var part in parts)
            {
                if (part.Bulk is { } bulk)
                {
                    await bulk.ReadAsync(reader);
                }
                else
                {
                    await ReadSingleAsync(reader, part.Single!);
                }

                await reader.NextResultAsync();
            }
        }

        await transaction.CommitAsync();
    }

    /// <summary>
    /// Reads first (as queued), then all writes as one statement each for updates and for first writes, then deletes
    /// and any second write of a row already written in this batch, each on its own and in queue order, so a row's
    /// operations keep their order inside the transaction.
    /// </summary>
    private static List<Part> Plan(List<StateOperation> batch)
    {
        var parts = new List<Part>(4);
        var updates = new BulkStateWrite(updates: true);
        var inserts = new BulkStateWrite(updates: false);
        var after = new List<Part>();
        var seen = new HashSet<(string, string)>();
        foreach (var operation in batch)
        {
            if (operation.Kind == StateOperationKind.Read)
            {
                parts.Add(new Part(operation, null));
                continue;
            }

            var first = seen.Add((operation.GrainId, operation.StateName));
            if (operation.Kind == StateOperationKind.Write && first)
            {
                (operation.ETag is null ? inserts : updates).Add(operation);
            }
            else if (operation.Kind == StateOperationKind.Write)
            {
                var alone = new BulkStateWrite(operation.ETag is not null);
                alone.Add(operation);
                after.Add(new Part(null, alone));
            }
            else
            {
                after.Add(new Part(operation, null));
            }
        }

        if (inserts.Count > 0)
        {
            parts.Add(new Part(null, inserts));
        }

        if (updates.Count > 0)
        {
            parts.Add(new Part(null, updates));
        }

        parts.AddRange(after);
        return parts;
    }

    private static async Task ReadSingleAsync(NpgsqlDataReader reader, StateOperation operation)
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
    }

    /// <summary>One statement of a batch: a read or delete of one row, or a bulk write.</summary>
    private readonly record struct Part(StateOperation? Single, BulkStateWrite? Bulk);

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

    // Reads and deletes, one row each; writes go through BulkStateWrite.
    private NpgsqlBatchCommand CommandFor(StateOperation operation)
    {
        var command = operation.Kind switch
        {
            // The grain's journal rows come with its state row: one statement, one index probe when it has none.
            StateOperationKind.Read => new NpgsqlBatchCommand(
                "SELECT s.etag, s.payload, j.streams, j.seqs, j.payloads FROM twin_grain_state s LEFT JOIN LATERAL (" +
                "SELECT array_agg(r.stream ORDER BY r.stream, r.seq) AS streams, array_agg(r.seq ORDER BY r.stream, r.seq) AS seqs, " +
                "array_agg(r.payload ORDER BY r.stream, r.seq) AS payloads FROM twin_grain_journal r " +
                "WHERE r.service_id = s.service_id AND r.grain_id = s.grain_id AND r.state_name = s.state_name) j ON true " +
                "WHERE s.service_id = $1 AND s.grain_id = $2 AND s.state_name = $3"),
            StateOperationKind.Clear => new NpgsqlBatchCommand(
                "WITH s AS (DELETE FROM twin_grain_state WHERE service_id = $1 AND grain_id = $2 AND state_name = $3 " +
                "AND ($4::bigint IS NULL OR etag = $4) RETURNING etag), " +
                "j AS (DELETE FROM twin_grain_journal WHERE EXISTS (SELECT 1 FROM s) AND service_id = $1 AND grain_id = $2 AND state_name = $3) " +
                "SELECT etag FROM s"),
            _ => throw new InvalidOperationException($"{operation.Kind} is written in bulk"),
        };
        AddKey(command, operation);
        if (operation.Kind == StateOperationKind.Clear)
        {
            command.Parameters.Add(new NpgsqlParameter<long?> { TypedValue = operation.ETag, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
        }

        return command;
    }

    private void AddKey(NpgsqlBatchCommand command, StateOperation operation)
    {
        command.Parameters.Add(new NpgsqlParameter { Value = _serviceId });
        command.Parameters.Add(new NpgsqlParameter { Value = operation.GrainId });
        command.Parameters.Add(new NpgsqlParameter { Value = operation.StateName });
    }
}
