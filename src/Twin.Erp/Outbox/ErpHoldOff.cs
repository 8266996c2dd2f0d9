namespace Twin.Erp.Outbox;

/// <summary>What a plant's outbox may post now.</summary>
public enum ErpPostingStep
{
    /// <summary>Nothing: the plant holds off and no probe is due.</summary>
    Wait,

    /// <summary>A normal batch (up to <see cref="ErpOutboxOptions.MaxBatchSize"/>): the ERP answers, or the hold-off has run out.</summary>
    Batch,

    /// <summary>One document, to learn whether the ERP answers again before the hold-off runs out.</summary>
    Probe,
}

/// <summary>
/// A plant's hold-off while its ERP fails: after a transient failure nothing is posted until the backoff
/// (<see cref="ErpRetryDelay.For"/>, exponential up to <see cref="ErpOutboxOptions.MaxRetryDelay"/>, never earlier than
/// Retry-After) has passed, except one document every <see cref="ErpOutboxOptions.ProbeInterval"/> (never earlier than
/// Retry-After either). The first answer from the ERP ends the hold-off at once. Lives with the plant's poster, not in
/// the outbox rows: rows are never put off for the plant's hold-off, so nothing has to be made due again when the ERP
/// answers (no write per queued row). Scheduling arithmetic only; the poster keeps one instance per plant.
/// </summary>
public sealed class ErpHoldOff(ErpOutboxOptions options)
{
    private DateTimeOffset? _probeAt;

    /// <summary>Transient failures in a row (0: the ERP answered the last post).</summary>
    public int FailureStreak { get; private set; }

    /// <summary>No normal batch before this time (meaningful while <see cref="FailureStreak"/> is above 0).</summary>
    public DateTimeOffset HoldUntil { get; private set; }

    /// <summary>The first failure of the current run (null while the ERP answers).</summary>
    public DateTimeOffset? FailingSince { get; private set; }

    /// <summary>When the next probe may be posted; null while not holding off or with probing off.</summary>
    public DateTimeOffset? ProbeAt => FailureStreak > 0 ? _probeAt : null;

    /// <summary>What may be posted at <paramref name="now"/>.</summary>
    public ErpPostingStep Next(DateTimeOffset now)
    {
        if (FailureStreak == 0 || now >= HoldUntil)
        {
            return ErpPostingStep.Batch;
        }

        return _probeAt is { } probe && now >= probe ? ErpPostingStep.Probe : ErpPostingStep.Wait;
    }

    /// <summary>
    /// A post failed transiently at <paramref name="now"/> (a batch or a probe): the hold-off grows, the next probe is
    /// one probe interval away (or the ERP's Retry-After, if longer). <paramref name="random01"/> spreads both.
    /// </summary>
    public void Failed(DateTimeOffset now, TimeSpan? retryAfter, double random01)
    {
        FailingSince ??= now;
        FailureStreak++;
        HoldUntil = now + ErpRetryDelay.For(FailureStreak, retryAfter, options, random01);
        _probeAt = options.ProbeInterval > TimeSpan.Zero ? now + ErpRetryDelay.Probe(retryAfter, options, random01) : null;
    }

    /// <summary>
    /// The ERP answered (booked or rejected: either way it is working again): the hold-off ends. Returns how long the
    /// ERP had been failing, or null when it was not.
    /// </summary>
    public TimeSpan? Answered(DateTimeOffset now)
    {
        var failingFor = FailingSince is { } since ? now - since : (TimeSpan?)null;
        FailureStreak = 0;
        FailingSince = null;
        HoldUntil = default;
        _probeAt = null;
        return failingFor;
    }
}
