using System.Globalization;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Storage;
using Twin.Grains.Persistence;

namespace Twin.Hosting.Storage;

/// <summary>
/// Grain storage for the live twins on PostgreSQL (table twin_grain_state, schema 0004). Each grain keeps an
/// optimistic version (etag); a write whose etag is not the row's fails with <see cref="InconsistentStateException"/>
/// like the Orleans providers. Reads and writes of all grains go through one <see cref="GroupCommitQueue"/>: the
/// Orleans ADO.NET storage commits every write on its own, which capped a durable (fsync on) plant at a few hundred
/// twin writes per second (ingest benchmark). State is the serializer's bytes (plain JSON without CLR type names).
/// A state that has a journal (<see cref="IJournaledGrainState"/>) gets its rows in twin_grain_journal (schema 0006),
/// appended and cut in the same statement as the state row, and read back with it.
/// </summary>
public sealed class PostgresTwinStateStorage(string name, NpgsqlDataSource dataSource, string serviceId, IGrainStorageSerializer serializer,
    ILogger<PostgresTwinStateStorage> logger) : IGrainStorage, IJournalingGrainStorage, IAsyncDisposable
{
    private readonly GroupCommitQueue _queue = new(dataSource, serviceId, logger);

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var read = new StateOperation(StateOperationKind.Read, grainId.ToString(), stateName, null, null);
        await _queue.Enqueue(read);
        if (read.RowsAffected == 0)
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }

        grainState.State = serializer.Deserialize<T>(new BinaryData(read.FoundPayload!));
        if (grainState.State is IJournaledGrainState journaled)
        {
            journaled.Kept = read.FoundJournal;
        }
        grainState.ETag = read.FoundETag!.Value.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var payload = serializer.Serialize(grainState.State).ToArray();
        var journal = grainState.State as IJournaledGrainState;
        var write = new StateOperation(StateOperationKind.Write, grainId.ToString(), stateName, ETagOf(grainState), payload,
            journal?.Appended, journal?.Cuts);
        await _queue.Enqueue(write);
        if (write.RowsAffected == 0)
        {
            throw new InconsistentStateException(
                $"State of {grainId} ({name}/{stateName}) was changed by someone else (version {grainState.ETag ?? "none"} is no longer current)",
                "unknown", grainState.ETag ?? "none");
        }

        grainState.ETag = write.FoundETag!.Value.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await _queue.Enqueue(new StateOperation(StateOperationKind.Clear, grainId.ToString(), stateName, ETagOf(grainState), null));
        grainState.ETag = null;
        grainState.RecordExists = false;
        grainState.State = Activator.CreateInstance<T>();
    }

    public ValueTask DisposeAsync() => _queue.DisposeAsync();

    private static long? ETagOf<T>(IGrainState<T> grainState) =>
        grainState.ETag is { Length: > 0 } etag ? long.Parse(etag, CultureInfo.InvariantCulture) : null;
}
