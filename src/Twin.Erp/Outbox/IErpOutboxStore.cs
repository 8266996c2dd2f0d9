using Twin.Erp.Posting;
using Twin.Erp.Transactions;

namespace Twin.Erp.Outbox;

/// <summary>
/// Where a plant's ERP outbox lives: one row per document (pending, booked or dead-lettered), found by its
/// idempotency key through an index, and one staged row per source event of an open posting window (sealed into a
/// document when the window closes; kept, like booked keys, to recognise a redelivery). Every operation touches one row or one batch of rows and a per-plant
/// counters row, never the whole queue, so the cost of an event does not grow with the backlog.
/// Implementations: <see cref="InMemoryErpOutboxStore"/> (embedded profile) and the PostgreSQL store in
/// Twin.Hosting (table twin_erp_outbox). Callers are expected to be one at a time per plant (the plant's
/// ERP-sync grain); implementations are nevertheless safe to call concurrently.
/// </summary>
public interface IErpOutboxStore
{
    /// <summary>
    /// Stores <paramref name="transactions"/> as pending documents of one source each (kinds posted alone, or no posting
    /// window), due at once, and answers per transaction: <see cref="ErpEnqueueResult.Accepted"/> (durably stored when
    /// the call returns) or <see cref="ErpEnqueueResult.Duplicate"/> (its key is already pending, booked within the
    /// retention, dead, or a staged source).
    /// Never refuses for lack of room: capacity is the store's disk (or the process's memory).
    /// </summary>
    Task<IReadOnlyList<ErpEnqueueResult>> AppendAsync(string plant, IReadOnlyList<ErpTransaction> transactions, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stages source events of open posting windows, one row each, and answers per source: accepted (durably staged when
    /// the call returns) or duplicate (its key is staged, sealed into a document, or is itself a document's key).
    /// </summary>
    Task<IReadOnlyList<ErpEnqueueResult>> StageAsync(string plant, IReadOnlyList<ErpStagedSource> sources, CancellationToken cancellationToken = default);

    /// <summary>The plant's staged sources not yet sealed into a document, in staging order (re-read on activation).</summary>
    Task<IReadOnlyList<ErpStagedSource>> OpenSourcesAsync(string plant, CancellationToken cancellationToken = default);

    /// <summary>
    /// In one transaction: stores <paramref name="documents"/> as pending (due at once) and marks their sources sealed
    /// with the document's key. Idempotent: sealing the same documents again (after an ambiguous write) changes nothing.
    /// False, changing nothing, when a source is not staged or was sealed into another document (another activation
    /// got there first): the caller re-reads the open sources.
    /// </summary>
    Task<bool> SealAsync(string plant, IReadOnlyList<ErpSealedDocument> documents, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="max"/> pending rows whose next attempt is due at <paramref name="now"/>, earliest due first (then arrival order).</summary>
    Task<IReadOnlyList<PendingErpTransaction>> TakeDueAsync(string plant, DateTimeOffset now, int max, CancellationToken cancellationToken = default);

    /// <summary>The earliest next-attempt time of a pending row that is later than <paramref name="after"/>; null when none.</summary>
    Task<DateTimeOffset?> NextDueAfterAsync(string plant, DateTimeOffset after, CancellationToken cancellationToken = default);

    /// <summary>Applies posting outcomes: booked rows keep only their key (for dedup), retried rows get a new due time, rejected rows become dead letters.</summary>
    Task RecordAsync(string plant, IReadOnlyList<ErpRowOutcome> outcomes, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Puts one dead letter back to pending, due at once. False when no dead letter has that key.</summary>
    Task<bool> ReplayAsync(string plant, string idempotencyKey, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Puts up to <paramref name="max"/> dead letters (oldest first) back to pending; returns how many. Call again until 0.</summary>
    Task<int> ReplayDeadLettersAsync(string plant, int max, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="max"/> dead letters, oldest first.</summary>
    Task<IReadOnlyList<DeadLetteredErpTransaction>> DeadLettersAsync(string plant, int max, CancellationToken cancellationToken = default);

    /// <summary>Counts of the plant's outbox from its counters row (O(1)) and the oldest pending row (one index probe).</summary>
    Task<ErpOutboxCounts> CountsAsync(string plant, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>
    /// For the plant's KPIs: of its oldest <paramref name="max"/> pending documents, how many of each kind were queued
    /// before <paramref name="queuedBefore"/>, and its oldest <paramref name="max"/> dead letters by kind. Reads at most
    /// 2 × <paramref name="max"/> rows through the pending and dead-letter indexes, however long the queue.
    /// </summary>
    Task<ErpOutboxKindCounts> CountByKindAsync(string plant, DateTimeOffset queuedBefore, int max, CancellationToken cancellationToken = default);

    /// <summary>Adds to the plant's count of business events that have no ERP document.</summary>
    Task CountNotForErpAsync(string plant, long count, CancellationToken cancellationToken = default);

    /// <summary>Forgets up to <paramref name="max"/> booked keys booked before <paramref name="bookedBefore"/> (dedup retention); returns how many.</summary>
    Task<int> ForgetBookedAsync(string plant, DateTimeOffset bookedBefore, int max, CancellationToken cancellationToken = default);
}

/// <summary>What posting did to one pending row.</summary>
public enum ErpRowOutcomeKind
{
    Booked,
    Retry,
    DeadLetter,
}

/// <summary>One row's outcome for <see cref="IErpOutboxStore.RecordAsync"/>.</summary>
/// <param name="IdempotencyKey">The row.</param>
/// <param name="Kind">Booked, retry later or dead-letter.</param>
/// <param name="Attempts">Posts made so far, this one included.</param>
/// <param name="NextAttemptAt">For a retry: not posted again before this time.</param>
/// <param name="Reason">Retry: why it failed; dead letter: the ERP's reason.</param>
/// <param name="AlreadyBooked">Booked: the ERP had booked it before (a redelivery).</param>
public sealed record ErpRowOutcome(
    string IdempotencyKey,
    ErpRowOutcomeKind Kind,
    int Attempts,
    DateTimeOffset? NextAttemptAt = null,
    string? Reason = null,
    bool AlreadyBooked = false);

/// <summary>A plant's outbox counts, as <see cref="IErpOutboxStore.CountsAsync"/> reads them.</summary>
public sealed record ErpOutboxCounts
{
    /// <summary>Documents waiting to be booked.</summary>
    public long Pending { get; init; }

    /// <summary>Source events staged in open posting windows (not yet in a document).</summary>
    public long StagedSources { get; init; }

    /// <summary>Source events carried by booked documents.</summary>
    public long SourcesBooked { get; init; }

    public long DeadLetters { get; init; }

    public TimeSpan? OldestPendingAge { get; init; }

    /// <summary>Documents booked.</summary>
    public long Posted { get; init; }

    public long Retried { get; init; }

    public long DeadLettered { get; init; }

    public long Replayed { get; init; }

    public long Duplicates { get; init; }

    public long NotForErp { get; init; }

    public DateTimeOffset? LastPostedAt { get; init; }
}

/// <summary>What <see cref="IErpOutboxStore.CountByKindAsync"/> counted, per document kind.</summary>
public sealed record ErpOutboxKindCounts
{
    /// <summary>Pending documents queued before the time asked about, per kind (among the oldest pending read).</summary>
    public IReadOnlyDictionary<ErpTransactionKind, long> PendingBefore { get; init; } = new Dictionary<ErpTransactionKind, long>();

    /// <summary>Dead letters per kind (among the oldest read).</summary>
    public IReadOnlyDictionary<ErpTransactionKind, long> DeadLetters { get; init; } = new Dictionary<ErpTransactionKind, long>();

    /// <summary>True when as many pending documents or dead letters were read as allowed: there may be more, the counts are lower bounds.</summary>
    public bool Capped { get; init; }
}
