using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Streams;
using Twin.Erp.Connector;
using Twin.Erp.Outbox;
using Twin.Erp.Posting;
using Twin.Erp.Transactions;
using Twin.Contracts;
using Twin.Domain.Objectives;
using Twin.Grains.Kpis;
using Twin.Grains.Telemetry;

namespace Twin.Grains.Erp;

/// <summary>
/// ERP synchronisation of one plant (key = plant id). Business events arrive on the plant's erp-outbox stream
/// (implicit subscription, on its own stream provider <see cref="TwinProviders.ErpStreams"/>) in batches — one stream
/// item carries many twins' events — and each batch is appended with one store call per row kind to the plant's
/// <see cref="IErpOutboxStore"/> BEFORE the stream item is let go: a staged row per event of a posting window
/// (production, scrap, consumption, order receipts; <see cref="ErpPostingAggregator"/> decides the groups) and a
/// document row per event posted alone. When a window closes (its time, order completion, machine Down/Setup) the
/// aggregator composes the documents and the store seals them in one transaction; a document's source set is fixed
/// from then on.
/// The store never refuses, so the handler never throws to get a redelivery (only when the store itself cannot be
/// reached for a while, and the ERP stream provider is configured never to give up on an item).
/// A grain timer takes due batches from the store and posts them through <see cref="IErpConnector"/> (whose
/// pipeline does rate limiting, retries and the circuit breaker). Batching by size and age is decided from what
/// this activation appended; retries and a backlog left by an earlier activation from the store's due index.
/// After a transient failure the whole plant holds off (<see cref="ErpHoldOff"/>: backoff, Retry-After honoured) and
/// only the batch that was tried is recorded, so an outage costs one batch write per backoff period, not a write per
/// pending row. Meanwhile one document is posted per probe interval; the ERP's first answer ends the hold-off and,
/// since rows are never put off for the plant's hold-off, the queue drains at once at the normal rate.
/// A reminder re-activates the grain after a crash so a queue left behind drains.
/// </summary>
[ImplicitStreamSubscription(StreamNamespaces.ErpOutbox)]
public sealed partial class ErpSyncGrain(
    [PersistentState("erp-sync", TwinProviders.DurableStorage)] IPersistentState<ErpSyncGrainState> legacyState,
    IOptions<ErpOutboxOptions> outboxOptions,
    IOptions<ErpSyncOptions> syncOptions,
    IServiceProvider services,
    ILogger<ErpSyncGrain> logger) : Grain, IErpSyncGrain, IRemindable
{
    private const string KeepAliveReminder = "erp-sync-keep-alive";
    private const int ReplayChunk = 1_000;
    // The KPI counts read at most this many of the oldest pending rows and dead letters (a bounded read in an outage).
    private const int KpiReadLimit = 10_000;
    private const int ForgetChunk = 10_000;
    private static readonly TimeSpan ForgetPeriod = TimeSpan.FromMinutes(1);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General);

    /// <summary>Used when the host registered no store (e.g. a bare test cluster): process memory, like the embedded profile.</summary>
    private static readonly InMemoryErpOutboxStore FallbackStore = new();

    private static readonly UnconfiguredErpConnector UnconfiguredConnector = new();

    private readonly TimeProvider _clock = services.GetService<TimeProvider>() ?? TimeProvider.System;
    private readonly IErpConnector? _configuredConnector = services.GetService<IErpConnector>();
    private readonly IErpOutboxStore _store = services.GetService<IErpOutboxStore>() ?? FallbackStore;
    private readonly ObjectiveRecorder? _objectives = services.GetService<ObjectiveRecorder>();
    private readonly ErpOutboxOptions _options = outboxOptions.Value;

    // Open posting windows (their sources are staged rows in the store; re-read on activation).
    private readonly ErpPostingAggregator _windows = new((services.GetService<IOptions<ErpPostingOptions>>()?.Value ?? new ErpPostingOptions()).Window);
    // Documents of closed windows not yet sealed (e.g. the store failed): retried with exactly these source sets.
    private readonly List<ErpSealedDocument> _unsealed = [];
    private readonly SemaphoreSlim _sealing = new(1, 1);
    // A failed intake may have staged rows without hearing it (an ambiguous write): re-read the open ones.
    private bool _rereadOpen;

    // What this activation appended since the last take: drives batching by size and age without asking the store.
    private int _freshCount;
    private DateTimeOffset? _freshOldest;
    // When the store may hold due rows this activation did not append (retries, backlog from before, replays).
    private DateTimeOffset? _nextCheckAt;
    // After a transient failure the plant holds off, asking the ERP with one document per probe interval meanwhile.
    private readonly ErpHoldOff _holdOff = new(outboxOptions.Value);
    private DateTimeOffset _nextForgetAt;
    private bool _pumping;
    private int _inFlight;
    private string? _lastFailure;
    private DateTimeOffset _nextMetricsAt;
    // One "booked" line per 10 s and one "not booked for now" line per 30 s at most, however many batches.
    private readonly LogPacer _bookedLog = new(TimeSpan.FromSeconds(10));
    private readonly LogPacer _retryLog = new(TimeSpan.FromSeconds(30));

    // Closing windows fails every tick while the outbox store is down: one line per 30 s, without a stack trace.
    private readonly LogPacer _sealLog = new(TimeSpan.FromSeconds(30));

    // A run of failures at least this long is an outage worth an Information line when the ERP answers again.
    private static readonly TimeSpan OutageWorthTelling = TimeSpan.FromSeconds(10);

    // The queue gauges are counted at most this often per plant (one store query each time).
    private static readonly TimeSpan MetricsPeriod = TimeSpan.FromSeconds(10);

    // A span lists at most this many correlation ids of its batch.
    private const int MaxTracedCorrelations = 50;

    private string Plant => this.GetPrimaryKeyString();

    private IErpConnector Connector => _configuredConnector ?? UnconfiguredConnector;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await MoveLegacyStateToStore(cancellationToken);
        var open = await _store.OpenSourcesAsync(Plant, cancellationToken);
        foreach (var source in open)
        {
            _windows.Add(source);
        }

        var now = _clock.GetUtcNow();
        _nextCheckAt = now; // A queue left by an earlier activation is looked at on the first tick.
        _nextForgetAt = now + ForgetPeriod;

        var stream = this.GetStreamProvider(TwinProviders.ErpStreams)
            .GetStream<TwinEvent>(StreamId.Create(StreamNamespaces.ErpOutbox, Plant));
        // A batch observer: each stream item (a batch of many twins' events, see TwinEventPublisher) arrives in one
        // call and is appended with one store call (one statement, one commit on PostgreSQL) before it is acknowledged.
        await stream.SubscribeAsync(OnBusinessEvents);

        var pace = syncOptions.Value;
        this.RegisterGrainTimer(Pump, new GrainTimerCreationOptions(pace.PumpInterval, pace.PumpInterval) { Interleave = true });
        await this.RegisterOrUpdateReminder(KeepAliveReminder, pace.KeepAlivePeriod, pace.KeepAlivePeriod);
        var counts = await _store.CountsAsync(Plant, now, cancellationToken);
        if (counts.Pending > 0 || open.Count > 0)
        {
            LogResuming(Plant, counts.Pending, open.Count);
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        ErpSyncMetrics.Forget(Plant); // the silo the grain moves to reports the plant from now on
        return base.OnDeactivateAsync(reason, cancellationToken);
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => Pump(CancellationToken.None);

    public Task Wake() => Task.CompletedTask;

    public async Task<ErpOfferAnswer> Offer(TwinEvent businessEvent)
    {
        ArgumentNullException.ThrowIfNull(businessEvent);
        if (businessEvent.Plant != Plant)
        {
            throw new ArgumentException(
                $"ERP sync of plant {Plant} received event {businessEvent.EventId} of plant {businessEvent.Plant}; events go to their own plant's ERP sync.",
                nameof(businessEvent));
        }

        var answers = await Intake([businessEvent]);
        return answers[0];
    }

    public async Task<ErpSyncFigures> GetFigures()
    {
        var c = await _store.CountsAsync(Plant, _clock.GetUtcNow());
        return new ErpSyncFigures(Plant, Clamp(c.Pending), c.OldestPendingAge, c.Posted, c.Retried, c.DeadLettered,
            Clamp(c.DeadLetters), c.Replayed, c.Duplicates, c.NotForErp, c.LastPostedAt, _lastFailure, _configuredConnector is not null,
            _inFlight, Refused: 0, c.StagedSources, c.SourcesBooked);
    }

    public async Task<ErpKpiCounts> GetKpiCounts(TimeSpan queuedLongerThan)
    {
        var cutoff = _clock.GetUtcNow() - queuedLongerThan;
        var counts = await _store.CountByKindAsync(Plant, cutoff, KpiReadLimit);
        var movements = counts.DeadLetters.Where(d => ErpKindGroups.IsGoodsMovement(d.Key)).ToDictionary(d => d.Key.ToString(), d => d.Value, StringComparer.Ordinal);
        // Production still in an open posting window has no document in the queue yet; this grain holds those windows
        // (at most a window's worth), so they are counted here from their staging times, one search per open group.
        var inWindows = _windows.CountStagedBefore(ErpTransactionKind.ProductionConfirmation, cutoff);
        return new ErpKpiCounts(counts.PendingBefore.GetValueOrDefault(ErpTransactionKind.ProductionConfirmation) + inWindows, movements,
            counts.DeadLetters.Values.Sum(), counts.Capped, inWindows);
    }

    public async Task<IReadOnlyList<ErpDeadLetter>> GetDeadLetters(int max = 100)
    {
        var letters = await _store.DeadLettersAsync(Plant, Math.Clamp(max, 1, 10_000));
        return letters.Select(ToView).ToList();
    }

    public async Task<ErpReplayAnswer> Replay(string idempotencyKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        if (!await _store.ReplayAsync(Plant, idempotencyKey, _clock.GetUtcNow()))
        {
            return ErpReplayAnswer.NotFound;
        }

        _nextCheckAt = _clock.GetUtcNow();
        LogReplayed(Plant, 1);
        return ErpReplayAnswer.Replayed;
    }

    public async Task<int> ReplayAll()
    {
        var total = 0;
        int replayed;
        do
        {
            replayed = await _store.ReplayDeadLettersAsync(Plant, ReplayChunk, _clock.GetUtcNow());
            total += replayed;
        }
        while (replayed == ReplayChunk);

        if (total > 0)
        {
            _nextCheckAt = _clock.GetUtcNow();
            LogReplayed(Plant, total);
        }

        return total;
    }

    private async Task OnBusinessEvents(IList<SequentialItem<TwinEvent>> items)
    {
        var events = new List<TwinEvent>(items.Count);
        foreach (var item in items)
        {
            if (item.Item.Plant != Plant)
            {
                LogOtherPlant(Plant, item.Item.EventId, item.Item.Plant);
                continue;
            }

            events.Add(item.Item);
        }

        if (events.Count == 0)
        {
            return;
        }

        // The store never refuses; only an unreachable store (database down) fails an append. Wait for it here, so
        // the item stays with us; past the budget the stream provider redelivers (it is configured never to give up).
        var started = _clock.GetUtcNow();
        var delay = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                await Intake(events);
                return;
            }
            catch (Exception error) when (_clock.GetUtcNow() - started < syncOptions.Value.StoreRetryBudget)
            {
                LogStoreUnavailable(error, Plant, events.Count, events[0].EventId);
                await Task.Delay(delay);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }

    /// <summary>
    /// Maps events of this plant, in order, to staged sources of posting windows and documents posted alone, and
    /// appends each kind with ONE store call (one statement and commit on PostgreSQL, whatever the count); events
    /// without a document kind are counted with one more. A posting trigger first takes in the events before it (they
    /// belong to the windows it closes), then seals the windows it closes. Answers per event.
    /// </summary>
    private async Task<ErpOfferAnswer[]> Intake(IReadOnlyList<TwinEvent> events)
    {
        try
        {
            var answers = new ErpOfferAnswer[events.Count];
            var documents = new List<(int At, ErpTransaction Transaction)>(events.Count);
            var staged = new List<(int At, ErpStagedSource Source)>(events.Count);
            var notForErp = 0;
            var now = _clock.GetUtcNow();
            for (var i = 0; i < events.Count; i++)
            {
                var businessEvent = events[i];
                if (ErpTransactionMapping.ToTrigger(businessEvent) is { } trigger)
                {
                    await Append(documents, staged, answers, now);
                    _unsealed.AddRange(_windows.Close(trigger));
                    await SealClosedWindows(); // before the item is acknowledged
                    answers[i] = ErpOfferAnswer.NotForErp;
                    notForErp++;
                    continue;
                }

                if (ErpTransactionMapping.ToTransaction(businessEvent) is { } transaction)
                {
                    if (_windows.Window > TimeSpan.Zero && ErpPostingGroups.KeyOf(transaction) is { } group)
                    {
                        staged.Add((i, new ErpStagedSource(transaction, group, now)));
                    }
                    else
                    {
                        documents.Add((i, transaction));
                    }

                    continue;
                }

                if (businessEvent.Payload.IsErpTransaction)
                {
                    LogNoDocumentKind(Plant, businessEvent.Payload.GetType().Name, businessEvent.EventId);
                }

                answers[i] = ErpOfferAnswer.NotForErp;
                notForErp++;
            }

            await Append(documents, staged, answers, now);
            if (notForErp > 0)
            {
                await _store.CountNotForErpAsync(Plant, notForErp);
            }

            return answers;
        }
        catch
        {
            _rereadOpen = true;
            throw;
        }
    }

    /// <summary>Stages the window sources and appends the documents collected so far (one store call each), then clears both lists.</summary>
    private async Task Append(List<(int At, ErpTransaction Transaction)> documents, List<(int At, ErpStagedSource Source)> staged, ErpOfferAnswer[] answers, DateTimeOffset now)
    {
        if (staged.Count > 0)
        {
            var results = await _store.StageAsync(Plant, staged.Select(s => s.Source).ToList());
            for (var j = 0; j < results.Count; j++)
            {
                var isNew = results[j] == ErpEnqueueResult.Accepted;
                answers[staged[j].At] = isNew ? ErpOfferAnswer.Queued : ErpOfferAnswer.Duplicate;
                if (isNew)
                {
                    _windows.Add(staged[j].Source);
                }
            }

            staged.Clear();
        }

        if (documents.Count > 0)
        {
            var results = await _store.AppendAsync(Plant, documents.Select(d => d.Transaction).ToList(), now);
            var accepted = 0;
            for (var j = 0; j < results.Count; j++)
            {
                var isNew = results[j] == ErpEnqueueResult.Accepted;
                answers[documents[j].At] = isNew ? ErpOfferAnswer.Queued : ErpOfferAnswer.Duplicate;
                accepted += isNew ? 1 : 0;
            }

            if (accepted > 0)
            {
                _freshCount += accepted;
                _freshOldest ??= now;
            }

            documents.Clear();
        }
    }

    private async Task Pump(CancellationToken cancellationToken)
    {
        if (_pumping)
        {
            return;
        }

        _pumping = true;
        try
        {
            await CloseDueWindows();
            await ForgetOldBookedKeys();
            await ReportQueueFigures();
            TellPaced(_clock.GetUtcNow());
            while (!cancellationToken.IsCancellationRequested)
            {
                var now = _clock.GetUtcNow();
                var step = _holdOff.Next(now);
                if (step == ErpPostingStep.Wait || !IsDue(now))
                {
                    return;
                }

                // While the plant holds off, a probe is one real document under its own key: if the ERP booked it but
                // the answer was lost, the next post of that row is answered "already booked", never booked twice.
                var limit = step == ErpPostingStep.Probe ? 1 : _options.MaxBatchSize;
                _freshCount = 0;
                _freshOldest = null;
                _nextCheckAt = null;
                var rows = await _store.TakeDueAsync(Plant, now, limit, cancellationToken);
                if (rows.Count == 0)
                {
                    _nextCheckAt = await _store.NextDueAfterAsync(Plant, now, cancellationToken);
                    return;
                }

                var transient = await PostAndRecord(rows, cancellationToken);
                _nextCheckAt = transient || rows.Count == limit
                    ? now // More may be waiting (the rows just tried are due again; the hold-off decides when).
                    : await _store.NextDueAfterAsync(Plant, now, cancellationToken);
                if (transient)
                {
                    return; // The ERP is struggling: hold off instead of pushing the next batch now.
                }

                // The ERP answered (a probe too): the hold-off is over, the next pass posts a normal batch at once.
            }
        }
        finally
        {
            _pumping = false;
        }
    }

    /// <summary>Seals the windows whose time has passed; a store failure leaves them for the next tick, same source sets.</summary>
    private async Task CloseDueWindows()
    {
        try
        {
            if (_rereadOpen)
            {
                await RereadOpenSources();
            }

            _unsealed.AddRange(_windows.CloseDue(_clock.GetUtcNow()));
            await SealClosedWindows();
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            _sealLog.Add(1);
            if (_sealLog.TryTake(_clock.GetUtcNow(), out var failures, out _))
            {
                LogSealFailed(Plant, failures, Twin.Grains.Twins.FailureReason.Of(error), _unsealed.Count);
            }
        }
    }

    /// <summary>
    /// After a failed intake: staged rows whose write succeeded unheard are open in the store but not here. Sources
    /// already composed into a document waiting to be sealed stay out (they must not open a second window).
    /// </summary>
    private async Task RereadOpenSources()
    {
        var open = await _store.OpenSourcesAsync(Plant);
        var composed = _unsealed.SelectMany(d => d.SourceKeys).ToHashSet(StringComparer.Ordinal);
        foreach (var source in open.Where(o => !composed.Contains(o.Source.IdempotencyKey)))
        {
            _windows.Add(source);
        }

        _rereadOpen = false;
    }

    /// <summary>
    /// Seals the documents of closed windows in one store transaction. On a conflict (another activation sealed some of
    /// the sources) this activation steps down: the next one re-reads the open sources from the store.
    /// </summary>
    private async Task SealClosedWindows()
    {
        await _sealing.WaitAsync();
        try
        {
            if (_unsealed.Count == 0)
            {
                return;
            }

            var documents = _unsealed.ToList();
            var now = _clock.GetUtcNow();
            if (!await _store.SealAsync(Plant, documents, now))
            {
                LogSealConflict(Plant, documents.Count);
                _unsealed.Clear();
                _windows.Clear();
                this.DeactivateOnIdle();
                return;
            }

            _unsealed.RemoveRange(0, documents.Count);
            _nextCheckAt = now; // A closed window is old already: post it on the next tick.
            LogSealed(Plant, documents.Count, documents.Sum(d => d.SourceKeys.Count));
        }
        finally
        {
            _sealing.Release();
        }
    }

    private bool IsDue(DateTimeOffset now) =>
        _freshCount >= _options.MaxBatchSize
        || (_freshOldest is { } oldest && now - oldest >= _options.MaxBatchAge)
        || (_nextCheckAt is { } check && check <= now);

    /// <summary>Posts one batch and records every row's outcome; true when the ERP failed transiently.</summary>
    private async Task<bool> PostAndRecord(IReadOnlyList<PendingErpTransaction> rows, CancellationToken cancellationToken)
    {
        var batch = rows.Select(r => r.Transaction).ToList();
        using var activity = TwinActivities.Source.StartActivity("erp.sync.post", ActivityKind.Producer);
        if (activity is not null)
        {
            activity.SetTag(TwinActivities.PlantTag, Plant);
            activity.SetTag("twin.erp.documents", batch.Count);
            // The business correlation ids of the documents (bounded): the way from an OPC UA value or an API call to this post.
            activity.SetTag(TwinActivities.CorrelationIdTag, batch.Select(t => t.CorrelationId).FirstOrDefault(c => c is not null));
            activity.SetTag("twin.correlation_ids", batch.Select(t => t.CorrelationId).OfType<string>().Distinct().Take(MaxTracedCorrelations).ToArray());
        }

        IReadOnlyList<ErpPostOutcome> outcomes;
        _inFlight = batch.Count;
        try
        {
            outcomes = await Connector.PostBatchAsync(batch, cancellationToken);
        }
        catch (Exception error)
        {
            // The connector reports ERP trouble as outcomes; an exception here is cancellation or a bug.
            // Either way the batch goes back to wait: never lost, never dead-lettered for it.
            LogPostFailed(error, Plant, batch.Count);
            outcomes = batch.Select(t => ErpPostOutcome.Transient(t.IdempotencyKey, $"posting failed: {error.Message}")).ToList();
        }
        finally
        {
            _inFlight = 0;
        }

        var byKey = new Dictionary<string, ErpPostOutcome>(StringComparer.Ordinal);
        foreach (var outcome in outcomes)
        {
            byKey[outcome.IdempotencyKey] = outcome;
        }

        var now = _clock.GetUtcNow();
        TimeSpan? retryAfter = null;
        string? failure = null;
        foreach (var o in byKey.Values.Where(o => o.Status == ErpOutcomeStatus.Transient))
        {
            failure ??= o.Reason;
            if (o.RetryAfter is { } asked && (retryAfter is null || asked > retryAfter))
            {
                retryAfter = asked;
            }
        }

        var anyTransient = failure is not null || rows.Any(r => !byKey.ContainsKey(r.Transaction.IdempotencyKey));
        if (anyTransient)
        {
            _holdOff.Failed(now, retryAfter, Random.Shared.NextDouble());
            _lastFailure = failure ?? "the connector reported no outcome for a transaction";
        }
        else if (_holdOff.Answered(now) is { } failingFor && failingFor >= OutageWorthTelling)
        {
            LogErpAnswersAgain(Plant, failingFor.TotalSeconds);
        }

        var recorded = new List<ErpRowOutcome>(rows.Count);
        int booked = 0, alreadyBooked = 0, retried = 0;
        foreach (var row in rows)
        {
            var key = row.Transaction.IdempotencyKey;
            var outcome = byKey.GetValueOrDefault(key)
                ?? ErpPostOutcome.Transient(key, "the connector reported no outcome for this transaction");
            var attempts = row.Attempts + 1;
            switch (outcome.Status)
            {
                case ErpOutcomeStatus.Booked:
                    recorded.Add(new ErpRowOutcome(key, ErpRowOutcomeKind.Booked, attempts, AlreadyBooked: outcome.AlreadyBooked));
                    if (outcome.AlreadyBooked)
                    {
                        alreadyBooked++;
                    }
                    else
                    {
                        booked++;
                    }

                    break;
                case ErpOutcomeStatus.Rejected:
                    recorded.Add(new ErpRowOutcome(key, ErpRowOutcomeKind.DeadLetter, attempts, Reason: outcome.Reason ?? "rejected by the ERP without a reason"));
                    break;
                default:
                    // Due again at once in the store: the plant's hold-off, not the row, decides when it is posted, so
                    // when the ERP answers nothing is left put off and no row has to be rewritten to make it due.
                    recorded.Add(new ErpRowOutcome(key, ErpRowOutcomeKind.Retry, attempts, now, outcome.Reason));
                    retried++;
                    break;
            }
        }

        // Movements SAP parked in its error pool are filed first: should the silo stop in between, the booked document
        // is looked up (found) and its movements read again, not lost; a second filing is a duplicate.
        if (await FailedGoodsMovementLetters.FileAsync(_store, Plant, byKey.Values, now, CancellationToken.None) is > 0 and var parked)
        {
            LogGoodsMovementsParked(Plant, parked);
        }

        await _store.RecordAsync(Plant, recorded, now, CancellationToken.None);
        RecordMetrics(batch, byKey, now, booked, alreadyBooked, retried);
        activity?.SetTag("twin.erp.booked", booked + alreadyBooked);
        Describe(batch, byKey, booked, alreadyBooked, retried);
        return anyTransient;
    }

    private async Task ForgetOldBookedKeys()
    {
        var now = _clock.GetUtcNow();
        if (now < _nextForgetAt)
        {
            return;
        }

        _nextForgetAt = now + ForgetPeriod;
        var before = now - _options.BookedKeyRetention;
        while (await _store.ForgetBookedAsync(Plant, before, ForgetChunk) == ForgetChunk)
        {
        }
    }

    /// <summary>Grains written before the outbox store kept the whole outbox in their state: move it into the store once.</summary>
    private async Task MoveLegacyStateToStore(CancellationToken cancellationToken)
    {
        if (legacyState.State.Outbox is not { } json)
        {
            return;
        }

        var old = JsonSerializer.Deserialize<ErpOutboxState>(json, Json) ?? new ErpOutboxState();
        var now = _clock.GetUtcNow();
        var pending = old.Pending.Where(p => p.Transaction is not null).Select(p => p.Transaction).ToList();
        var dead = old.DeadLetters.Where(d => d.Transaction is not null).ToList();
        await _store.AppendAsync(Plant, [.. pending, .. dead.Select(d => d.Transaction)], now, cancellationToken);
        await _store.RecordAsync(Plant, dead.Select(d => new ErpRowOutcome(d.Transaction.IdempotencyKey, ErpRowOutcomeKind.DeadLetter, d.Attempts, Reason: d.Reason)).ToList(), now, cancellationToken);
        await legacyState.ClearStateAsync(cancellationToken);
        LogMovedLegacy(Plant, pending.Count, dead.Count);
    }

    /// <summary>Counts the queue for the metrics gauges, at most every <see cref="MetricsPeriod"/> (one store query).</summary>
    private async Task ReportQueueFigures()
    {
        var now = _clock.GetUtcNow();
        if (now < _nextMetricsAt)
        {
            return;
        }

        _nextMetricsAt = now + MetricsPeriod;
        var counts = await _store.CountsAsync(Plant, now);
        ErpSyncMetrics.Report(Plant, counts.Pending, counts.OldestPendingAge, counts.DeadLetters);
    }

    private void RecordMetrics(List<ErpTransaction> batch, Dictionary<string, ErpPostOutcome> byKey, DateTimeOffset now, int booked, int alreadyBooked, int retried)
    {
        var deadLettered = 0;
        foreach (var t in batch)
        {
            if (!byKey.TryGetValue(t.IdempotencyKey, out var outcome))
            {
                continue;
            }

            if (outcome.Status == ErpOutcomeStatus.Booked)
            {
                ErpSyncMetrics.PostingLatency.Record(Math.Max(0, (now - t.OccurredAt).TotalSeconds), new KeyValuePair<string, object?>("plant", Plant),
                    new KeyValuePair<string, object?>("kind", t.Kind.ToString()));
                _objectives?.Record(Plant, Workflows.ErpPosting, t.OccurredAt, now);
            }
            else if (outcome.Status == ErpOutcomeStatus.Rejected)
            {
                deadLettered++;
            }
        }

        ErpSyncMetrics.Count(Plant, booked, alreadyBooked, deadLettered, retried);
    }

    private void Describe(List<ErpTransaction> batch, Dictionary<string, ErpPostOutcome> byKey, int booked, int alreadyBooked, int retried)
    {
        foreach (var t in batch)
        {
            if (!byKey.TryGetValue(t.IdempotencyKey, out var outcome))
            {
                continue;
            }

            switch (outcome.Status)
            {
                case ErpOutcomeStatus.Booked when !outcome.AlreadyBooked:
                    LogBooked(Plant, PlantWords.Kind(t.Kind), t.Quantity, t.Unit, t.Item, PlantWords.Where(t), outcome.DocumentNumber);
                    break;
                case ErpOutcomeStatus.Rejected:
                    LogRejected(Plant, PlantWords.Kind(t.Kind), t.Quantity, t.Unit, t.Item, PlantWords.Where(t), outcome.Reason);
                    break;
            }
        }

        _bookedLog.Add(booked, alreadyBooked);
        _retryLog.Add(retried);
        TellPaced(_clock.GetUtcNow());
    }

    /// <summary>Writes the summed booked and retried lines when their period has passed (also from the pump tick).</summary>
    private void TellPaced(DateTimeOffset now)
    {
        if (_bookedLog.TryTake(now, out var booked, out var alreadyBooked))
        {
            LogBatchBooked(Plant, booked, alreadyBooked);
        }

        if (_retryLog.TryTake(now, out var retried, out _))
        {
            if (_options.ProbeInterval > TimeSpan.Zero)
            {
                LogRetrying(Plant, retried, _lastFailure, _options.ProbeInterval.TotalSeconds, _holdOff.HoldUntil);
            }
            else
            {
                LogRetryingWithoutProbes(Plant, retried, _lastFailure, _holdOff.HoldUntil);
            }
        }
    }

    private static int Clamp(long count) => count > int.MaxValue ? int.MaxValue : (int)count;

    private static ErpDeadLetter ToView(DeadLetteredErpTransaction d) => new(
        d.Transaction.IdempotencyKey, d.Transaction.Kind.ToString(), d.Transaction.WorkOrder, d.Transaction.Operation, d.Transaction.Item,
        d.Transaction.Lot, d.Transaction.Quantity, d.Transaction.Unit, d.Reason, d.RejectedAt, d.Attempts, d.Transaction.CorrelationId,
        d.Transaction.SourceEventIds);

    // Per document at Debug: at plant rates a line per booking would drown the log; the batch line is Information.
    [LoggerMessage(Level = LogLevel.Debug, Message = "Plant {Plant}: ERP booked {Kind} of {Quantity} {Unit} {Item}{Where} as document {Document}")]
    private partial void LogBooked(string plant, string kind, decimal quantity, string unit, string item, string where, string? document);

    [LoggerMessage(Level = LogLevel.Information, Message = "Plant {Plant}: ERP booked {Booked} document(s) since the last report ({AlreadyBooked} it had already booked)")]
    private partial void LogBatchBooked(string plant, long booked, long alreadyBooked);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Plant {Plant}: the ERP booked document(s) but did not post {Count} of their goods movement(s) (SAP's error pool); they wait in the dead letters with the ERP's text")]
    private partial void LogGoodsMovementsParked(string plant, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Plant {Plant}: ERP rejected {Kind} of {Quantity} {Unit} {Item}{Where}: {Reason}. It waits in the dead letters; fix the cause, then replay it")]
    private partial void LogRejected(string plant, string kind, decimal quantity, string unit, string item, string where, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Plant {Plant}: {Count} ERP post(s) of documents not booked for now since the last report ({Reason}); everything stays queued, the ERP is asked again with one document every {ProbeSeconds} s and posting resumes as soon as it answers (at the latest {HoldUntil:O})")]
    private partial void LogRetrying(string plant, long count, string? reason, double probeSeconds, DateTimeOffset holdUntil);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Plant {Plant}: {Count} ERP post(s) of documents not booked for now since the last report ({Reason}); everything stays queued and posting resumes at {HoldUntil:O}")]
    private partial void LogRetryingWithoutProbes(string plant, long count, string? reason, DateTimeOffset holdUntil);

    [LoggerMessage(Level = LogLevel.Information, Message = "Plant {Plant}: the ERP answers again after {Seconds:F0} s of failures; posting resumes at the normal rate")]
    private partial void LogErpAnswersAgain(string plant, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Plant {Plant}: posting {Count} ERP transaction(s) failed; they stay queued")]
    private partial void LogPostFailed(Exception error, string plant, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Plant {Plant}: {Count} ERP document(s) and {Staged} shop-floor event(s) of open posting windows left from before are queued; posting resumes")]
    private partial void LogResuming(string plant, long count, int staged);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Plant {Plant}: posting windows closed into {Documents} ERP document(s) carrying {Sources} shop-floor event(s)")]
    private partial void LogSealed(string plant, int documents, int sources);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Plant {Plant}: closing posting windows failed {Failures} time(s) since the last report ({Reason}); {Count} ERP document(s) wait to be written with the same events, and the open windows close once the outbox store answers")]
    private partial void LogSealFailed(string plant, long failures, string reason, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Plant {Plant}: {Count} ERP document(s) were not written because another activation sealed some of their events; this activation steps down and the next re-reads the open posting windows")]
    private partial void LogSealConflict(string plant, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Plant {Plant}: {Count} dead letter(s) put back in the ERP queue")]
    private partial void LogReplayed(string plant, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Plant {Plant}: moved {Pending} pending transaction(s) and {Dead} dead letter(s) from the old grain state into the ERP outbox store")]
    private partial void LogMovedLegacy(string plant, int pending, int dead);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Plant {Plant}: the ERP outbox store could not take {Count} event(s) (first {EventId}); the stream item is held and tried again")]
    private partial void LogStoreUnavailable(Exception error, string plant, int count, string eventId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Plant {Plant}: ignored event {EventId} of plant {Other} on this plant's ERP stream")]
    private partial void LogOtherPlant(string plant, string eventId, string other);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Plant {Plant}: {Payload} event {EventId} has no ERP document kind yet; it is counted as not for the ERP")]
    private partial void LogNoDocumentKind(string plant, string payload, string eventId);
}
