namespace Twin.Erp.Connector;

/// <summary>How the ERP dealt with one transaction.</summary>
public enum ErpOutcomeStatus
{
    /// <summary>Booked now, or already booked earlier under the same idempotency key.</summary>
    Booked,

    /// <summary>
    /// Not booked for a passing reason (refused connection, 5xx, 429, a lock), or not known to be booked
    /// (<see cref="ErpPostOutcome.Ambiguous"/>): post again later.
    /// </summary>
    Transient,

    /// <summary>The ERP refused it for a business reason: posting it again unchanged will not help.</summary>
    Rejected,
}
