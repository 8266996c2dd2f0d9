namespace Twin.Erp.Outbox;

/// <summary>Limits and pacing of an ERP outbox (configuration section "Erp:Outbox").</summary>
public sealed class ErpOutboxOptions
{
    public const string SectionName = "Erp:Outbox";

    /// <summary>A batch is posted as soon as this many transactions are waiting.</summary>
    public int MaxBatchSize { get; set; } = 100;

    /// <summary>...or when the oldest waiting transaction is this old, however few are waiting.</summary>
    public TimeSpan MaxBatchAge { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Only for the in-process <see cref="ErpOutbox"/> state machine (benchmarks, tools): most transactions it holds.
    /// The ERP-sync grain keeps its outbox in an <see cref="IErpOutboxStore"/>, which never refuses (bounded by disk,
    /// or by memory in the embedded profile), so this setting no longer limits a plant's ERP queue.
    /// </summary>
    public int MaxPending { get; set; } = 10_000;

    /// <summary>
    /// Booked keys remembered to recognise redeliveries: by the in-process <see cref="ErpOutbox"/>, and as a memory
    /// cap by the embedded profile's <see cref="InMemoryErpOutboxStore"/> (oldest forgotten first). The PostgreSQL
    /// store keeps them for <see cref="BookedKeyRetention"/> instead.
    /// </summary>
    public int MaxRememberedBookedKeys { get; set; } = 10_000;

    /// <summary>How long a booked key is remembered (indexed row) to recognise a late redelivery without asking the ERP.</summary>
    public TimeSpan BookedKeyRetention { get; set; } = TimeSpan.FromDays(14);

    /// <summary>
    /// Most dead letters held. At this many, new transactions are refused (backpressure) until an operator
    /// replays or resolves them: rejections are never thrown away to make room.
    /// </summary>
    public int MaxDeadLetters { get; set; } = 10_000;

    /// <summary>Wait before the first re-post of a transiently failed transaction; doubles per attempt.</summary>
    public TimeSpan InitialRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Ceiling of the doubling (a Retry-After from the ERP may ask for longer and is honoured).</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// While a plant holds off because the ERP is down, it asks the ERP again this often with ONE pending document (its own
    /// idempotency key, so a post the ERP booked but whose answer was lost is recognised as already booked), never sooner
    /// than the ERP's Retry-After; spread by <see cref="RetryJitter"/>. Once the ERP answers, the hold-off ends and the
    /// queue drains at the normal rate, so posting resumes within about this long of the ERP coming back, however long
    /// the outage grew the hold-off. Zero turns probing off (the hold-off alone decides, up to <see cref="MaxRetryDelay"/>).
    /// </summary>
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Random spread of each retry delay, ±this fraction, so many outboxes do not retry in step.</summary>
    public double RetryJitter { get; set; } = 0.2;
}
