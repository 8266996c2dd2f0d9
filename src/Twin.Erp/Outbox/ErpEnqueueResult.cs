namespace Twin.Erp.Outbox;

/// <summary>What the outbox did with an offered transaction.</summary>
public enum ErpEnqueueResult
{
    /// <summary>Now pending: persist the state, then acknowledge the source event.</summary>
    Accepted,

    /// <summary>Already pending, booked or dead-lettered under this key: acknowledge, nothing to persist.</summary>
    Duplicate,

    /// <summary>The outbox is full: do not acknowledge; offer it again later (backpressure, nothing dropped).</summary>
    Full,
}
