using System.Collections.Concurrent;
using System.Globalization;
using Orleans.Storage;

namespace Twin.Hosting.Storage;

/// <summary>
/// Grain storage for the live twins of the embedded profile: each state's serialized bytes and an etag in a
/// dictionary of this process. Orleans' memory storage routes every read and write as a grain call to one of ten
/// storage grains, which deep-copy the bytes into their own state: on the ingest benchmark the embedded silo spent
/// about 6 % of its CPU in that hop and copy on top of the serialization (dotnet-trace, docs/live-path.md), and kept a
/// second object graph per twin. Same contract as <see cref="PostgresTwinStateStorage"/>: a write or clear whose etag
/// is not the stored one fails with <see cref="InconsistentStateException"/>; lost when the process ends.
/// </summary>
public sealed class InMemoryTwinStateStorage(string name, IGrainStorageSerializer serializer) : IGrainStorage
{
    private readonly ConcurrentDictionary<(string State, GrainId Grain), Stored> _states = new();

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (_states.TryGetValue((stateName, grainId), out var stored))
        {
            grainState.State = serializer.Deserialize<T>(new BinaryData(stored.Payload));
            grainState.ETag = stored.ETag.ToString(CultureInfo.InvariantCulture);
            grainState.RecordExists = true;
        }
        else
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
        }
        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = (stateName, grainId);
        var expected = ETagOf(grainState);
        var payload = serializer.Serialize(grainState.State).ToArray();
        while (true)
        {
            if (_states.TryGetValue(key, out var current))
            {
                var next = new Stored(payload, current.ETag + 1);
                if (expected != current.ETag)
                {
                    throw Inconsistent(grainId, grainState.ETag);
                }
                if (_states.TryUpdate(key, next, current))
                {
                    return Written(grainState, next);
                }
            }
            else
            {
                var first = new Stored(payload, 1);
                if (expected is not null)
                {
                    throw Inconsistent(grainId, grainState.ETag);
                }
                if (_states.TryAdd(key, first))
                {
                    return Written(grainState, first);
                }
            }
        }
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = (stateName, grainId);
        var expected = ETagOf(grainState);
        while (_states.TryGetValue(key, out var current))
        {
            if (expected is not null && expected != current.ETag)
            {
                throw Inconsistent(grainId, grainState.ETag);
            }
            if (_states.TryRemove(KeyValuePair.Create(key, current)))
            {
                break;
            }
        }
        grainState.ETag = null;
        grainState.RecordExists = false;
        grainState.State = Activator.CreateInstance<T>();
        return Task.CompletedTask;
    }

    private static Task Written<T>(IGrainState<T> grainState, Stored stored)
    {
        grainState.ETag = stored.ETag.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    private InconsistentStateException Inconsistent(GrainId grainId, string? etag) =>
        new($"State of {grainId} ({name}) was changed by someone else (version {etag ?? "none"} is no longer current)", "unknown", etag ?? "none");

    private static long? ETagOf<T>(IGrainState<T> grainState) =>
        grainState.ETag is { Length: > 0 } etag ? long.Parse(etag, CultureInfo.InvariantCulture) : null;

    private sealed record Stored(byte[] Payload, long ETag);
}
