using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Streams;
using Twin.Erp.Connector;
using Twin.Erp.Outbox;
using Twin.Erp.Transactions;
using Twin.Contracts;

namespace Twin.Grains.Erp;

/// <summary>
/// ERP synchronisation of one plant (key = plant id). Business events arrive on the plant's erp-outbox stream
/// (implicit subscription); each becomes an ERP transaction that is written to the durable queue BEFORE the
/// stream item is let go. A grain timer posts due batches through <see cref="IErpConnector"/> (whose pipeline
/// does rate limiting, retries and the circuit breaker); the <see cref="ErpOutbox"/> state machine decides
/// batching, backoff and dead letters. A reminder re-activates the grain after a crash so a queue left behind drains.
/// </summary>
[ImplicitStreamSubscription(StreamNamespaces.ErpOutbox)]
public sealed partial class ErpSyncGrain(
    [PersistentState("erp-sync", TwinProviders.DurableStorage)] IPersistentState<ErpSyncGrainState> state,
    IOptions<ErpOutboxOptions> outboxOptions,
    IOptions<ErpSyncOptions> syncOptions,
    IServiceProvider services,
    ILogger<ErpSyncGrain> logger) : Grain, IErpSyncGrain, IRemindable
{
    private const string KeepAliveReminder = "erp-sync-keep-alive";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General);

    private readonly TimeProvider _clock = services.GetService<TimeProvider>() ?? TimeProvider.System;
    private readonly IErpConnector? _configuredConnector = services.GetService<IErpConnector>();
    // Timer turns interleave with stream deliveries, so two turns may want to write; writes go one at a time
    // and a waiting write is skipped when an earlier one already carried its change.
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private ErpOutbox _outbox = null!;
    private long _changeVersion;
    private long _persistedVersion;
    private bool _pumping;
    private string? _lastFailure;
    private long _notForErp;
    private DateTimeOffset? _lastPostedAt;

    private string Plant => this.GetPrimaryKeyString();

    private IErpConnector Connector => _configuredConnector ?? UnconfiguredConnector;

    private static readonly UnconfiguredErpConnector UnconfiguredConnector = new();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var saved = state.State.Outbox is { } json
            ? JsonSerializer.Deserialize<ErpOutboxState>(json, Json) ?? new ErpOutboxState()
            : new ErpOutboxState();
        _outbox = new ErpOutbox(saved, outboxOptions.Value, _clock);
        _notForErp = state.State.NotForErp;
        _lastPostedAt = state.State.LastPostedAt;

        var stream = this.GetStreamProvider(TwinProviders.Streams)
            .GetStream<TwinEvent>(StreamId.Create(StreamNamespaces.ErpOutbox, Plant));
        await stream.SubscribeAsync(OnBusinessEvent);

        var pace = syncOptions.Value;
        this.RegisterGrainTimer(Pump, new GrainTimerCreationOptions(pace.PumpInterval, pace.PumpInterval) { Interleave = true });
        await this.RegisterOrUpdateReminder(KeepAliveReminder, pace.KeepAlivePeriod, pace.KeepAlivePeriod);
        if (_outbox.Pending.Count > 0)
        {
            LogResuming(Plant, _outbox.Pending.Count);
        }
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

        var transaction = ErpTransactionMapping.ToTransaction(businessEvent);
        if (transaction is null)
        {
            if (businessEvent.Payload.IsErpTransaction)
            {
                LogNoDocumentKind(Plant, businessEvent.Payload.GetType().Name, businessEvent.EventId);
            }

            _notForErp++;
            return ErpOfferAnswer.NotForErp;
        }

        var result = _outbox.Enqueue(transaction);
        if (result == ErpEnqueueResult.Full)
        {
            // Posting may make room; if not, the caller keeps the event and offers it again (nothing dropped).
            await Pump(CancellationToken.None);
            result = _outbox.Enqueue(transaction);
        }

        switch (result)
        {
            case ErpEnqueueResult.Accepted:
                await Persist();
                return ErpOfferAnswer.Queued;
            case ErpEnqueueResult.Duplicate:
                return ErpOfferAnswer.Duplicate;
            default:
                LogQueueFull(Plant, _outbox.Pending.Count, _outbox.DeadLetters.Count);
                return ErpOfferAnswer.QueueFull;
        }
    }

    public Task<ErpSyncFigures> GetFigures()
    {
        var f = _outbox.Figures();
        return Task.FromResult(new ErpSyncFigures(Plant, f.PendingCount, f.OldestPendingAge, f.Posted, f.Retried, f.DeadLettered,
            f.DeadLetterCount, f.Replayed, f.Duplicates, _notForErp, _lastPostedAt, _lastFailure, _configuredConnector is not null,
            f.InFlightCount, f.Refused));
    }

    public Task<IReadOnlyList<ErpDeadLetter>> GetDeadLetters(int max = 100)
    {
        var list = _outbox.DeadLetters.Take(Math.Clamp(max, 1, 10_000)).Select(ToView).ToList();
        return Task.FromResult<IReadOnlyList<ErpDeadLetter>>(list);
    }

    public async Task<ErpReplayAnswer> Replay(string idempotencyKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        var result = _outbox.Replay(idempotencyKey);
        if (result == ErpReplayResult.Replayed)
        {
            await Persist();
            LogReplayed(Plant, 1);
        }

        return result switch
        {
            ErpReplayResult.Replayed => ErpReplayAnswer.Replayed,
            ErpReplayResult.NotFound => ErpReplayAnswer.NotFound,
            _ => ErpReplayAnswer.QueueFull,
        };
    }

    public async Task<int> ReplayAll()
    {
        var count = _outbox.ReplayAll();
        if (count > 0)
        {
            await Persist();
            LogReplayed(Plant, count);
        }

        return count;
    }

    private async Task OnBusinessEvent(TwinEvent businessEvent, StreamSequenceToken? token)
    {
        var answer = await Offer(businessEvent);
        if (answer == ErpOfferAnswer.QueueFull)
        {
            // Throwing keeps the stream item unacknowledged, so the stream delivers it again later.
            throw new InvalidOperationException(
                $"ERP queue of plant {Plant} is full ({_outbox.Pending.Count} pending, {_outbox.DeadLetters.Count} dead letters); event {businessEvent.EventId} will be delivered again. Bring the ERP back or replay/resolve dead letters.");
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
            while (!cancellationToken.IsCancellationRequested && _outbox.NextBatch() is { } batch)
            {
                IReadOnlyList<ErpPostOutcome> outcomes;
                try
                {
                    outcomes = await Connector.PostBatchAsync(batch.Transactions, cancellationToken);
                }
                catch (Exception error)
                {
                    // The connector reports ERP trouble as outcomes; an exception here is cancellation or a bug.
                    // Either way the batch goes back to wait: never lost, never dead-lettered for it.
                    _outbox.ReleaseBatch(batch, $"posting failed: {error.Message}");
                    _lastFailure = error.Message;
                    await Persist();
                    LogPostFailed(error, Plant, batch.Transactions.Count);
                    return;
                }

                var tally = _outbox.RecordOutcomes(batch, outcomes);
                if (tally.Booked + tally.AlreadyBooked > 0)
                {
                    _lastPostedAt = _clock.GetUtcNow();
                }

                if (outcomes.FirstOrDefault(o => o.Status == ErpOutcomeStatus.Transient) is { } transient)
                {
                    _lastFailure = transient.Reason;
                }

                await Persist();
                Describe(batch, outcomes, tally);
                if (tally.Retried > 0)
                {
                    return; // The ERP is struggling: wait for the backoff instead of pushing the next batch now.
                }
            }
        }
        finally
        {
            _pumping = false;
        }
    }

    private void Describe(ErpBatch batch, IReadOnlyList<ErpPostOutcome> outcomes, ErpOutcomeTally tally)
    {
        var byKey = outcomes.GroupBy(o => o.IdempotencyKey).ToDictionary(g => g.Key, g => g.First());
        foreach (var t in batch.Transactions)
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

        if (tally.Booked + tally.AlreadyBooked > 0)
        {
            LogBatchBooked(Plant, tally.Booked, tally.AlreadyBooked, _outbox.Pending.Count);
        }

        if (tally.Retried > 0)
        {
            LogRetrying(Plant, tally.Retried, _lastFailure);
        }
    }

    private async Task Persist()
    {
        var mine = ++_changeVersion;
        await _writeGate.WaitAsync();
        try
        {
            if (_persistedVersion >= mine)
            {
                return; // A write that started after this change already stored it.
            }

            var version = _changeVersion;
            state.State = new ErpSyncGrainState
            {
                Outbox = JsonSerializer.Serialize(_outbox.State, Json),
                NotForErp = _notForErp,
                LastPostedAt = _lastPostedAt,
            };
            await state.WriteStateAsync();
            _persistedVersion = version;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private static ErpDeadLetter ToView(DeadLetteredErpTransaction d) => new(
        d.Transaction.IdempotencyKey, d.Transaction.Kind.ToString(), d.Transaction.WorkOrder, d.Transaction.Operation, d.Transaction.Item,
        d.Transaction.Lot, d.Transaction.Quantity, d.Transaction.Unit, d.Reason, d.RejectedAt, d.Attempts, d.Transaction.CorrelationId,
        d.Transaction.SourceEventIds);

    // Per document at Debug: at plant rates a line per booking would drown the log; the batch line is Information.
    [LoggerMessage(Level = LogLevel.Debug, Message = "Plant {Plant}: ERP booked {Kind} of {Quantity} {Unit} {Item}{Where} as document {Document}")]
    private partial void LogBooked(string plant, string kind, decimal quantity, string unit, string item, string where, string? document);

    [LoggerMessage(Level = LogLevel.Information, Message = "Plant {Plant}: ERP booked {Booked} transaction(s) ({AlreadyBooked} it had already booked); {Pending} waiting")]
    private partial void LogBatchBooked(string plant, int booked, int alreadyBooked, int pending);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Plant {Plant}: ERP rejected {Kind} of {Quantity} {Unit} {Item}{Where}: {Reason}. It waits in the dead letters; fix the cause, then replay it")]
    private partial void LogRejected(string plant, string kind, decimal quantity, string unit, string item, string where, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Plant {Plant}: {Count} ERP transaction(s) not booked for now ({Reason}); they stay queued and are retried with backoff")]
    private partial void LogRetrying(string plant, int count, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Plant {Plant}: posting {Count} ERP transaction(s) failed; they stay queued")]
    private partial void LogPostFailed(Exception error, string plant, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Plant {Plant}: {Count} ERP transaction(s) left from before are queued; posting resumes")]
    private partial void LogResuming(string plant, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Plant {Plant}: {Count} dead letter(s) put back in the ERP queue")]
    private partial void LogReplayed(string plant, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Plant {Plant}: ERP queue full ({Pending} pending, {Dead} dead letters); new business events wait in the stream")]
    private partial void LogQueueFull(string plant, int pending, int dead);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Plant {Plant}: {Payload} event {EventId} has no ERP document kind yet; it is counted as not for the ERP")]
    private partial void LogNoDocumentKind(string plant, string payload, string eventId);
}
