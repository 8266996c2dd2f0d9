using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Storage;
using Twin.Domain;
using Twin.Grains.Persistence;
using Twin.Grains.Publishing;

namespace Twin.Grains.Twins;

/// <summary>
/// The persistence half of every twin grain: loads the domain twin, writes it together with the events the
/// change produced, then publishes them through the silo's batching <see cref="TwinEventPublisher"/> to the
/// plant's twin-changes stream (and ERP transactions to the ERP outbox). Events that could not be published stay
/// in the persisted outbox and are sent again by a retry loop on the activation (and with the next save or
/// activation), never left for a next change that may not come; consumers deduplicate by EventId.
/// One publish at a time per twin, so a twin's events reach the streams in the order it produced them.
/// <para>
/// <paramref name="journaled"/>: the twin's own fields are written whole, its request ledger and history only by
/// what they gained since the last write, as journal rows (<see cref="TwinJournal"/>), in the same transaction
/// (<see cref="IJournaledGrainState"/>). Only on a storage that keeps rows (<see cref="UsesJournal"/>); a twin
/// stored whole before is read whole and its ledger and history go to rows with its first write.
/// </para>
/// </summary>
internal sealed class TwinStore<T>(IPersistentState<TwinGrainState> state, TwinEventPublisher publisher, ILogger logger, TwinOptions options,
    bool journaled = false)
    where T : TwinRecord, new()
{
    private const short LedgerStream = 0;
    private const short HistoryStream = 1;
    private static readonly TwinGrainState Empty = new();

    // Null while nothing waits (most twins, most of the time): an emptied list kept its array, ~90 bytes a twin.
    private List<TwinEvent>? _unpublished;
    private Task? _publishing;
    private bool _retrying;
    private IGrainContext? _activation;

    /// <summary>First wait of the retry loop after a failed publish; it doubles up to <see cref="RetryMaxDelay"/>.</summary>
    internal static readonly TimeSpan RetryFirstDelay = TimeSpan.FromMilliseconds(250);

    internal static readonly TimeSpan RetryMaxDelay = TimeSpan.FromSeconds(10);

    // Journaled: the ledger and history as far as the storage holds them as rows.
    private JournalMark _written;

    /// <summary>Whether the twins' grain storage keeps journal rows (PostgreSQL), so a twin may write in the split form.</summary>
    public static bool UsesJournal(IServiceProvider services) =>
        services.GetKeyedService<IGrainStorage>(TwinProviders.Storage) is IJournalingGrainStorage;

    public T Twin { get; private set; } = new();

    /// <summary>Reads the stored twin; <paramref name="activation"/> is the grain's (a publish retry loop ends with it).</summary>
    public void Load(IGrainContext? activation)
    {
        _activation = activation;
        Twin = state.State.Twin is { } json ? TwinJson.Read<T>(json) : new T();
        Twin.ApplyLimits(options.HistoryLength, options.RememberedRequests);
        if (journaled)
        {
            var kept = state.State.Kept;
            if (kept.Count == 0)
            {
                // New, or stored whole: all it holds goes to rows with the first write.
                _written = TwinJournal.NothingWritten(Twin);
            }
            else
            {
                TwinJournal.Restore(Twin,
                    kept.Where(r => r.Stream == LedgerStream).Select(r => (r.Sequence, TwinJson.ReadRow<CommandOutcome>(r.Payload))).ToArray(),
                    kept.Where(r => r.Stream == HistoryStream).Select(r => TwinJson.ReadRow<HistoryLine>(r.Payload)).ToArray());
                _written = TwinJournal.MarkOf(Twin);
            }
        }

        _unpublished = state.State.Outbox.Count == 0 ? null : [.. state.State.Outbox];
        state.State = Empty;
    }

    /// <summary>Adds events to go out with the next <see cref="Save"/> (the change that produced them is not written yet).</summary>
    public void Stage(IEnumerable<TwinEvent> events)
    {
        if (events.TryGetNonEnumeratedCount(out var count) && count == 0)
        {
            return;
        }
        (_unpublished ??= []).AddRange(events);
        if (_unpublished.Count == 0)
        {
            _unpublished = null;
        }
    }

    /// <summary>Persists the twin with the staged and new events, then publishes.</summary>
    /// <param name="events">Events to publish once the state is written (they go into the stored outbox first).</param>
    /// <param name="alongside">
    /// Work that needs the state written but not the events published (the plant directory's listing): it runs
    /// beside the publish instead of after it, so a command waits for one round trip less.
    /// </param>
    public async Task Save(IEnumerable<TwinEvent>? events = null, Func<Task>? alongside = null)
    {
        if (events is not null)
        {
            Stage(events);
        }
        var mark = TwinJournal.MarkOf(Twin);
        state.State = journaled ? Split() : new TwinGrainState { Twin = TwinJson.Write(Twin), Outbox = Unpublished() };
        try
        {
            await state.WriteStateAsync();
            _written = mark;
            if (logger.IsEnabled(LogLevel.Debug))
            {
                // For following one piece of work through the twins (Logging:LogLevel:Twin.Grains=Debug): the line
                // carries the correlation id of the command or event being handled.
                logger.LogDebug("Twin state version {Version} written, {Events} event(s) to publish", Twin.Version, _unpublished?.Count ?? 0);
            }
        }
        finally
        {
            // The storage has its copy (and the etag stays with the persistent state): the grain keeps the domain
            // object only, never its own serialized text between writes (several KB per twin otherwise).
            state.State = Empty;
        }
        if (alongside is null)
        {
            await PublishPending();
        }
        else
        {
            await Task.WhenAll(PublishPending(), alongside());
        }
    }

    // The twin's own fields, and its ledger and history by what is new since the last write that succeeded (a failed
    // write leaves the mark, so the next write carries those rows again).
    private TwinGrainState Split()
    {
        var rows = TwinJournal.NewOutcomes(Twin, _written).Select(o => new JournalRow(LedgerStream, o.Sequence, TwinJson.WriteRow(o.Outcome)))
            .Concat(TwinJournal.NewLines(Twin, _written).Select(l => new JournalRow(HistoryStream, l.Sequence, TwinJson.WriteRow(l))))
            .ToArray();
        var horizon = TwinJournal.Horizon(Twin);
        return new TwinGrainState
        {
            Twin = TwinJournal.WithoutRows(Twin, () => TwinJson.Write(Twin)),
            Outbox = Unpublished(),
            Appended = rows,
            Cuts = [new JournalCut(LedgerStream, horizon.Ledger), new JournalCut(HistoryStream, horizon.History)],
        };
    }

    private TwinEvent[] Unpublished() => _unpublished is null ? [] : [.. _unpublished];

    /// <summary>Publishes events not yet published; a failure is logged and retried with the next save.</summary>
    public async Task PublishPending()
    {
        // Interleaved turns (signals, timers) may save while a publish is in flight: wait for it, then send what
        // is left, so a later event never overtakes an earlier one that failed and stays queued.
        while (_publishing is { } inFlight)
        {
            await inFlight;
        }

        if (_unpublished is null)
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
        var queued = _unpublished!;
        var count = queued.Count;
        try
        {
            await publisher.Publish(queued.GetRange(0, count));
            queued.RemoveRange(0, count);
            if (queued.Count == 0 && ReferenceEquals(queued, _unpublished))
            {
                _unpublished = null;
            }
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            if (!_retrying)
            {
                logger.LogWarning("Publishing {Count} twin event(s) failed ({Reason}); they stay in the outbox and are re-sent until the stream takes them", queued.Count, FailureReason.Of(error));
                _retrying = true;
                _ = RetryPublishing(_activation);
            }
        }
    }

    /// <summary>
    /// Sends what is left until nothing is (a work order whose line stopped makes no next change to carry it), with
    /// doubling waits; ends when the activation deactivates (the events are in the stored outbox, and the next
    /// activation sends them). Resumes on the activation's scheduler, so it interleaves with requests like a timer.
    /// </summary>
    private async Task RetryPublishing(IGrainContext? activation)
    {
        var delay = RetryFirstDelay;
        var deactivated = activation?.Deactivated ?? Task.Delay(Timeout.Infinite);
        try
        {
            while (_unpublished is not null)
            {
                if (await Task.WhenAny(Task.Delay(delay), deactivated) == deactivated)
                {
                    return;
                }

                await PublishPending();
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, RetryMaxDelay.Ticks));
            }
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            logger.LogWarning("Re-sending queued twin events stopped ({Reason}); they go out with the next change or activation", FailureReason.Of(error));
        }
        finally
        {
            _retrying = false;
        }
    }
}
