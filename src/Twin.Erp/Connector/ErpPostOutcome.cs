namespace Twin.Erp.Connector;

/// <summary>The classified result of posting one transaction.</summary>
public sealed record ErpPostOutcome
{
    public required string IdempotencyKey { get; init; }

    public required ErpOutcomeStatus Status { get; init; }

    /// <summary>True when the ERP recognised the key as booked before (a redelivery, not a new booking).</summary>
    public bool AlreadyBooked { get; init; }

    /// <summary>The ERP's document number, when booked.</summary>
    public string? DocumentNumber { get; init; }

    /// <summary>Why it was rejected (the ERP's words) or why posting failed for now.</summary>
    public string? Reason { get; init; }

    /// <summary>How long the ERP asked us to wait (Retry-After), when it said so.</summary>
    public TimeSpan? RetryAfter { get; init; }

    public static ErpPostOutcome Booked(string idempotencyKey, string? documentNumber, bool alreadyBooked = false) =>
        new() { IdempotencyKey = idempotencyKey, Status = ErpOutcomeStatus.Booked, DocumentNumber = documentNumber, AlreadyBooked = alreadyBooked };

    public static ErpPostOutcome Transient(string idempotencyKey, string reason, TimeSpan? retryAfter = null) =>
        new() { IdempotencyKey = idempotencyKey, Status = ErpOutcomeStatus.Transient, Reason = reason, RetryAfter = retryAfter };

    public static ErpPostOutcome Rejected(string idempotencyKey, string reason) =>
        new() { IdempotencyKey = idempotencyKey, Status = ErpOutcomeStatus.Rejected, Reason = reason };
}
