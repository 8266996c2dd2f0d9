namespace Twin.Erp.Connector;

/// <summary>
/// The classified result of posting one transaction. Five cases: booked, already booked (<see cref="AlreadyBooked"/>),
/// rejected (with the ERP's message id and text), transient, and unknown (<see cref="Ambiguous"/>: the request left and
/// no answer came back, so it may be booked). Unknown travels as <see cref="ErpOutcomeStatus.Transient"/> so every
/// queue retries it with backoff; the connector that reported it looks the key up before it posts it again.
/// </summary>
public sealed record ErpPostOutcome
{
    public required string IdempotencyKey { get; init; }

    public required ErpOutcomeStatus Status { get; init; }

    /// <summary>True when the ERP recognised the key as booked before (a redelivery, not a new booking).</summary>
    public bool AlreadyBooked { get; init; }

    /// <summary>
    /// True when the outcome is unknown: a timeout, reset or unreadable answer after the request was sent. The ERP
    /// may have booked it; posting it blind again could book it twice.
    /// </summary>
    public bool Ambiguous { get; init; }

    /// <summary>The ERP's document number, when booked.</summary>
    public string? DocumentNumber { get; init; }

    /// <summary>The ERP's message id (e.g. SAP's "class/number"), when it gave one with a rejection or a transient refusal.</summary>
    public string? MessageId { get; init; }

    /// <summary>Why it was rejected (the ERP's words) or why posting failed for now.</summary>
    public string? Reason { get; init; }

    /// <summary>How long the ERP asked us to wait (Retry-After), when it said so.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>
    /// Booked, but goods movements the ERP triggered with it did not post (SAP's error pool after a confirmation): each
    /// becomes a dead letter of its own, under a key derived from this one, with the ERP's text. Never posted again
    /// with the document itself, which is booked.
    /// </summary>
    public IReadOnlyList<ErpFailedGoodsMovement> FailedGoodsMovements { get; init; } = [];

    public static ErpPostOutcome Booked(string idempotencyKey, string? documentNumber, bool alreadyBooked = false) =>
        new() { IdempotencyKey = idempotencyKey, Status = ErpOutcomeStatus.Booked, DocumentNumber = documentNumber, AlreadyBooked = alreadyBooked };

    public static ErpPostOutcome Transient(string idempotencyKey, string reason, TimeSpan? retryAfter = null, string? messageId = null) =>
        new() { IdempotencyKey = idempotencyKey, Status = ErpOutcomeStatus.Transient, Reason = reason, RetryAfter = retryAfter, MessageId = messageId };

    /// <summary>The request left but its fate is unknown; retried like a transient failure, looked up before the next post.</summary>
    public static ErpPostOutcome Unknown(string idempotencyKey, string reason) =>
        new() { IdempotencyKey = idempotencyKey, Status = ErpOutcomeStatus.Transient, Ambiguous = true, Reason = reason };

    public static ErpPostOutcome Rejected(string idempotencyKey, string reason, string? messageId = null) =>
        new() { IdempotencyKey = idempotencyKey, Status = ErpOutcomeStatus.Rejected, Reason = reason, MessageId = messageId };
}
