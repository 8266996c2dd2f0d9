using Microsoft.Extensions.Logging;
using Twin.Domain;
using Twin.Grains.Publishing;

namespace Twin.Grains.Twins;

/// <summary>
/// The persistence half of every twin grain: loads the domain twin, writes it together with the events the
/// change produced, then publishes them through the silo's batching <see cref="TwinEventPublisher"/> to the
/// plant's twin-changes stream (and ERP transactions to the ERP outbox). Events that could not be published stay
/// in the persisted outbox and go out with the next save or activation; consumers deduplicate by EventId.
/// One publish at a time per twin, so a twin's events reach the streams in the order it produced them.
/// </summary>
internal sealed class TwinStore<T>(IPersistentState<TwinGrainState> state, TwinEventPublisher publisher, ILogger logger, TwinOptions options)
    where T : TwinRecord, new()
{
    private static readonly TwinGrainState Empty = new();

    private List<TwinEvent> _unpublished = [];
    private Task? _publishing;

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
        // Interleaved turns (signals, timers) may save while a publish is in flight: wait for it, then send what
        // is left, so a later event never overtakes an earlier one that failed and stays queued.
        while (_publishing is { } inFlight)
        {
            await inFlight;
        }

        if (_unpublished.Count == 0)
        {
            return;
        }

        var publishing = PublishQueued();
        _publishing = publishing;
        try
        {
            await publishing;
        }
        finally
        {
            if (ReferenceEquals(_publishing, publishing))
            {
                _publishing = null;
            }
        }
    }

    private async Task PublishQueued()
    {
        // Events staged while this publish is in flight are appended behind these and wait for the next one.
        var count = _unpublished.Count;
        try
        {
            await publisher.Publish(_unpublished.GetRange(0, count));
            _unpublished.RemoveRange(0, count);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            logger.LogWarning(error, "Publishing {Count} twin event(s) failed; they stay in the outbox and are re-sent with the next change", _unpublished.Count);
        }
    }
}
