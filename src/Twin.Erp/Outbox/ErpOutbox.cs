using Twin.Erp.Connector;
using Twin.Erp.Transactions;

namespace Twin.Erp.Outbox;

/// <summary>
/// The ERP outbox as a pure state machine: pending queue with dedupe by idempotency key, batching by
/// size and age, backoff after transient failures, dead letters for business rejections, replay.
/// It does no I/O and keeps no clock of its own, so a grain can drive it from a timer, persist
/// <see cref="State"/>, and tests can drive it with a fake time provider.
/// </summary>
/// <remarks>
/// Which transactions are being posted right now is deliberately not part of the persisted state:
/// after a restart everything pending is eligible again, and posting a transaction twice is harmless
/// because the ERP recognises its idempotency key.
/// Not thread-safe: one caller at a time (a grain's turn).
/// </remarks>
public sealed class ErpOutbox
{
    private readonly ErpOutboxOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly Func<double> _random;
    private readonly Dictionary<string, PendingErpTransaction> _pendingByKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DeadLetteredErpTransaction> _deadByKey = new(StringComparer.Ordinal);
    private readonly HashSet<string> _booked = new(StringComparer.Ordinal);
    private readonly HashSet<string> _inFlight = new(StringComparer.Ordinal);

    /// <param name="state">Persisted state to continue from (a new <see cref="ErpOutboxState"/> for an empty outbox).</param>
    /// <param name="options">Limits and pacing; checked here.</param>
    /// <param name="timeProvider">Clock for ages and backoff.</param>
    /// <param name="random">Source of jitter in [0, 1); <see cref="Random.Shared"/> when omitted.</param>
    public ErpOutbox(ErpOutboxState state, ErpOutboxOptions options, TimeProvider timeProvider, Func<double>? random = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ErpOutboxOptionsValidator.ThrowIfInvalid(options);
        State = state;
        _options = options;
        _timeProvider = timeProvider;
        _random = random ?? Random.Shared.NextDouble;
        RebuildIndexes();
    }

    /// <summary>The state to persist after every change (it is the same object the outbox works on).</summary>
    public ErpOutboxState State { get; }

    public IReadOnlyList<PendingErpTransaction> Pending => State.Pending;

    public IReadOnlyList<DeadLetteredErpTransaction> DeadLetters => State.DeadLetters;

    /// <summary>True when <see cref="Enqueue"/> would refuse: pending queue or dead letters at their limit.</summary>
    public bool IsFull => State.Pending.Count >= _options.MaxPending || State.DeadLetters.Count >= _options.MaxDeadLetters;

    /// <summary>Offers a transaction. Only after <see cref="ErpEnqueueResult.Accepted"/> is persisted may its source event be acknowledged.</summary>
    public ErpEnqueueResult Enqueue(ErpTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        if (string.IsNullOrWhiteSpace(transaction.IdempotencyKey))
        {
            throw new ArgumentException(
                $"ERP {transaction.Kind} for item '{transaction.Item}' has no idempotency key; derive one with ErpIdempotencyKey.Derive.",
                nameof(transaction));
        }

        var key = transaction.IdempotencyKey;
        if (_pendingByKey.ContainsKey(key) || _booked.Contains(key) || _deadByKey.ContainsKey(key))
        {
            State.Duplicates++;
            return ErpEnqueueResult.Duplicate;
        }

        if (IsFull)
        {
            State.Refused++;
            return ErpEnqueueResult.Full;
        }

        var now = _timeProvider.GetUtcNow();
        var pending = new PendingErpTransaction { Transaction = transaction, EnqueuedAt = now, NextAttemptAt = now };
        State.Pending.Add(pending);
        _pendingByKey.Add(key, pending);
        return ErpEnqueueResult.Accepted;
    }

    /// <summary>
    /// The next batch to post, or null when none is due yet. A batch is due when a full batch is
    /// waiting, when the oldest waiting transaction reached <see cref="ErpOutboxOptions.MaxBatchAge"/>,
    /// when a retry's time has come, or always with <paramref name="flush"/> (e.g. on deactivation).
    /// The transactions stay pending (and are not handed out again) until their outcomes are recorded.
    /// </summary>
    public ErpBatch? NextBatch(bool flush = false)
    {
        var now = _timeProvider.GetUtcNow();
        var ready = new List<PendingErpTransaction>(Math.Min(_options.MaxBatchSize, State.Pending.Count));
        foreach (var pending in State.Pending)
        {
            if (IsReady(pending, now))
            {
                ready.Add(pending);
                if (ready.Count == _options.MaxBatchSize)
                {
                    break;
                }
            }
        }

        if (ready.Count == 0)
        {
            return null;
        }

        // Pending is in arrival order, so ready[0] is the oldest ready transaction.
        var due = flush
            || ready.Count == _options.MaxBatchSize
            || now - ready[0].EnqueuedAt >= _options.MaxBatchAge
            || ready.Exists(p => p.Attempts > 0);
        if (!due)
        {
            return null;
        }

        foreach (var pending in ready)
        {
            _inFlight.Add(pending.Transaction.IdempotencyKey);
        }

        return new ErpBatch(ready.ConvertAll(p => p.Transaction), now);
    }

    /// <summary>When <see cref="NextBatch"/> will next return a batch if nothing else happens; null when nothing waits.</summary>
    public DateTimeOffset? NextDueAt()
    {
        var now = _timeProvider.GetUtcNow();
        DateTimeOffset? earliest = null;
        var readyNow = 0;
        foreach (var pending in State.Pending)
        {
            if (_inFlight.Contains(pending.Transaction.IdempotencyKey))
            {
                continue;
            }

            if (pending.NextAttemptAt <= now && ++readyNow >= _options.MaxBatchSize)
            {
                return now;
            }

            var dueAt = pending.Attempts > 0 ? pending.NextAttemptAt : Later(pending.NextAttemptAt, pending.EnqueuedAt + _options.MaxBatchAge);
            if (earliest is null || dueAt < earliest)
            {
                earliest = dueAt;
            }
        }

        return earliest is { } at && at < now ? now : earliest;
    }

    /// <summary>
    /// Applies the connector's outcomes to a batch from <see cref="NextBatch"/>: booked ones leave the
    /// queue and are remembered; transient ones wait (backoff, Retry-After honoured) and are never dropped;
    /// rejected ones move to dead letters with the ERP's reason. A transaction the outcomes do not
    /// mention is treated as transient.
    /// </summary>
    public ErpOutcomeTally RecordOutcomes(ErpBatch batch, IReadOnlyList<ErpPostOutcome> outcomes)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(outcomes);
        var byKey = new Dictionary<string, ErpPostOutcome>(StringComparer.Ordinal);
        foreach (var outcome in outcomes)
        {
            byKey[outcome.IdempotencyKey] = outcome;
        }

        var now = _timeProvider.GetUtcNow();
        int booked = 0, alreadyBooked = 0, retried = 0, deadLettered = 0;
        var leaving = new HashSet<string>(StringComparer.Ordinal);
        foreach (var transaction in batch.Transactions)
        {
            var key = transaction.IdempotencyKey;
            _inFlight.Remove(key);
            if (!_pendingByKey.TryGetValue(key, out var pending))
            {
                continue; // Outcome already recorded (e.g. the same batch reported twice).
            }

            var outcome = byKey.GetValueOrDefault(key)
                ?? ErpPostOutcome.Transient(key, "the connector reported no outcome for this transaction");
            switch (outcome.Status)
            {
                case ErpOutcomeStatus.Booked:
                    leaving.Add(key);
                    Remember(key);
                    State.Posted++;
                    deadLettered += FileFailedGoodsMovements(outcome, now);
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
                    leaving.Add(key);
                    var dead = new DeadLetteredErpTransaction
                    {
                        Transaction = pending.Transaction,
                        Reason = outcome.Reason ?? "rejected by the ERP without a reason",
                        RejectedAt = now,
                        Attempts = pending.Attempts + 1,
                    };
                    State.DeadLetters.Add(dead);
                    _deadByKey[key] = dead;
                    State.DeadLettered++;
                    deadLettered++;
                    break;

                default:
                    pending.Attempts++;
                    pending.LastFailure = outcome.Reason;
                    pending.NextAttemptAt = now + ErpRetryDelay.For(pending.Attempts, outcome.RetryAfter, _options, _random());
                    State.Retried++;
                    retried++;
                    break;
            }
        }

        if (leaving.Count > 0)
        {
            State.Pending.RemoveAll(p => leaving.Contains(p.Transaction.IdempotencyKey));
            foreach (var key in leaving)
            {
                _pendingByKey.Remove(key);
            }
        }

        ForgetOldestBookedKeys();
        return new ErpOutcomeTally(booked, alreadyBooked, retried, deadLettered);
    }

    /// <summary>
    /// Goods movements the ERP did not post with a booked document become dead letters of their own (derived keys:
    /// filed once however often they are reported).
    /// </summary>
    private int FileFailedGoodsMovements(ErpPostOutcome outcome, DateTimeOffset now)
    {
        var filed = 0;
        foreach (var failed in outcome.FailedGoodsMovements)
        {
            var key = failed.Transaction.IdempotencyKey;
            if (_deadByKey.ContainsKey(key) || _pendingByKey.ContainsKey(key) || _booked.Contains(key))
            {
                continue;
            }

            var dead = new DeadLetteredErpTransaction { Transaction = failed.Transaction, Reason = failed.Reason, RejectedAt = now, Attempts = 1 };
            State.DeadLetters.Add(dead);
            _deadByKey[key] = dead;
            State.DeadLettered++;
            filed++;
        }

        return filed;
    }

    /// <summary>Gives a batch back unposted (the post threw or was cancelled): every transaction counts as a transient failure.</summary>
    public ErpOutcomeTally ReleaseBatch(ErpBatch batch, string reason)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return RecordOutcomes(batch, batch.Transactions.Select(t => ErpPostOutcome.Transient(t.IdempotencyKey, reason)).ToList());
    }

    /// <summary>
    /// Puts one dead letter back into the pending queue (after its cause was fixed), optionally with a
    /// corrected transaction. The idempotency key stays the same, so it still cannot be booked twice.
    /// </summary>
    public ErpReplayResult Replay(string idempotencyKey, ErpTransaction? corrected = null)
    {
        ArgumentNullException.ThrowIfNull(idempotencyKey);
        if (!_deadByKey.TryGetValue(idempotencyKey, out var dead))
        {
            return ErpReplayResult.NotFound;
        }

        if (corrected is not null && corrected.IdempotencyKey != idempotencyKey)
        {
            throw new ArgumentException(
                $"A corrected transaction must keep the idempotency key '{idempotencyKey}' (it had '{corrected.IdempotencyKey}'); a new key could book it twice.",
                nameof(corrected));
        }

        if (State.Pending.Count >= _options.MaxPending)
        {
            return ErpReplayResult.Full;
        }

        State.DeadLetters.Remove(dead);
        _deadByKey.Remove(idempotencyKey);
        var now = _timeProvider.GetUtcNow();
        var pending = new PendingErpTransaction { Transaction = corrected ?? dead.Transaction, EnqueuedAt = now, NextAttemptAt = now };
        State.Pending.Add(pending);
        _pendingByKey.Add(idempotencyKey, pending);
        State.Replayed++;
        return ErpReplayResult.Replayed;
    }

    /// <summary>Replays dead letters oldest first until none are left or the pending queue is full; returns how many.</summary>
    public int ReplayAll()
    {
        var replayed = 0;
        foreach (var dead in State.DeadLetters.ToList())
        {
            if (Replay(dead.Transaction.IdempotencyKey) != ErpReplayResult.Replayed)
            {
                break;
            }

            replayed++;
        }

        return replayed;
    }

    /// <summary>
    /// Removes a dead letter without posting it, for when the operator settled it another way (e.g. booked
    /// it by hand in the ERP). Its key is remembered as booked so a redelivery is not posted either.
    /// </summary>
    public bool Discard(string idempotencyKey)
    {
        ArgumentNullException.ThrowIfNull(idempotencyKey);
        if (!_deadByKey.Remove(idempotencyKey, out var dead))
        {
            return false;
        }

        State.DeadLetters.Remove(dead);
        Remember(idempotencyKey);
        ForgetOldestBookedKeys();
        return true;
    }

    public ErpOutboxFigures Figures()
    {
        var now = _timeProvider.GetUtcNow();
        return new ErpOutboxFigures
        {
            PendingCount = State.Pending.Count,
            InFlightCount = _inFlight.Count,
            OldestPendingAge = State.Pending.Count == 0 ? null : now - State.Pending.Min(p => p.EnqueuedAt),
            DeadLetterCount = State.DeadLetters.Count,
            Posted = State.Posted,
            Retried = State.Retried,
            DeadLettered = State.DeadLettered,
            Replayed = State.Replayed,
            Duplicates = State.Duplicates,
            Refused = State.Refused,
            IsFull = IsFull,
        };
    }

    private bool IsReady(PendingErpTransaction pending, DateTimeOffset now) =>
        pending.NextAttemptAt <= now && !_inFlight.Contains(pending.Transaction.IdempotencyKey);

    private void Remember(string key)
    {
        if (_options.MaxRememberedBookedKeys > 0 && _booked.Add(key))
        {
            State.BookedKeys.Add(key);
        }
    }

    // Trimmed once per batch rather than per key, so remembering stays cheap at the limit.
    private void ForgetOldestBookedKeys()
    {
        var excess = State.BookedKeys.Count - _options.MaxRememberedBookedKeys;
        if (excess <= 0)
        {
            return;
        }

        foreach (var key in State.BookedKeys.Take(excess))
        {
            _booked.Remove(key);
        }

        State.BookedKeys.RemoveRange(0, excess);
    }

    // Persisted state is trusted but not blindly: a duplicated entry (e.g. from a hand-edited row)
    // is kept once, so the indexes and the lists always agree.
    private void RebuildIndexes()
    {
        State.Pending.RemoveAll(p => p.Transaction is null || !_pendingByKey.TryAdd(p.Transaction.IdempotencyKey, p));
        State.DeadLetters.RemoveAll(d => d.Transaction is null || !_deadByKey.TryAdd(d.Transaction.IdempotencyKey, d));
        State.BookedKeys.RemoveAll(k => !_booked.Add(k));
        ForgetOldestBookedKeys();
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
