using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Streams;
using Twin.Domain;

namespace Twin.Grains.Twins;

/// <summary>
/// The persistence half of every twin grain: loads the domain twin, writes it together with the events the
/// change produced, then publishes them to the plant's twin-changes stream (and ERP transactions to the
/// ERP outbox). Events that could not be published stay in the persisted outbox and go out with the next
/// save or activation; consumers deduplicate by EventId.
/// </summary>
internal sealed class TwinStore<T>(IPersistentState<TwinGrainState> state, Func<string, IStreamProvider> streams, ILogger logger, TwinOptions options)
    where T : TwinRecord, new()
{
    private static readonly TwinGrainState Empty = new();

    private List<TwinEvent> _unpublished = [];

    public T Twin { get; private set; } = new();

    public void Load()
    {
        Twin = state.State.Twin is { } json ? TwinJson.Read<T>(json) : new T();
        Twin.ApplyLimits(options.HistoryLength, options.RememberedRequests);
        _unpublished = [.. state.State.Outbox];
        state.State = Empty;
    }

    /// <summary>Adds events to go out with the next <see cref="Save"/> (the change that produced them is not written yet).</summary>
    public void Stage(IEnumerable<TwinEvent> events) => _unpublished.AddRange(events);

    /// <summary>Persists the twin with the staged and new events, then publishes.</summary>
    public async Task Save(IEnumerable<TwinEvent>? events = null)
    {
        _unpublished.AddRange(events ?? []);
        state.State = new TwinGrainState { Twin = TwinJson.Write(Twin), Outbox = [.. _unpublished] };
        try
        {
            await state.WriteStateAsync();
        }
        finally
        {
            // The storage has its copy (and the etag stays with the persistent state): the grain keeps the domain
            // object only, never its own serialized text between writes (several KB per twin otherwise).
            state.State = Empty;
        }
        await PublishPending();
    }

    /// <summary>Publishes events not yet published; a failure is logged and retried with the next save.</summary>
    public async Task PublishPending()
    {
        if (_unpublished.Count == 0)
        {
            return;
        }
        try
        {
            var changes = streams(TwinProviders.Streams);
            foreach (var e in _unpublished.ToArray())
            {
                await changes.GetStream<TwinEvent>(StreamId.Create(StreamNamespaces.TwinChanges, e.Plant)).OnNextAsync(e);
                if (e.Payload.IsErpTransaction)
                {
                    await streams(TwinProviders.ErpStreams).GetStream<TwinEvent>(StreamId.Create(StreamNamespaces.ErpOutbox, e.Plant)).OnNextAsync(e);
                }
                _unpublished.Remove(e);
            }
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            logger.LogWarning(error, "Publishing {Count} twin event(s) failed; they stay in the outbox and are re-sent with the next change", _unpublished.Count);
        }
    }
}
