using Twin.Erp.Transactions;

namespace Twin.Erp.Outbox;

/// <summary>A transaction waiting to be booked, with its posting history. Part of <see cref="ErpOutboxState"/>.</summary>
public sealed class PendingErpTransaction
{
    public required ErpTransaction Transaction { get; set; }

    /// <summary>When the outbox accepted it (age of the batch, oldest-pending figure).</summary>
    public DateTimeOffset EnqueuedAt { get; set; }

    /// <summary>Failed posts so far.</summary>
    public int Attempts { get; set; }

    /// <summary>Not posted before this time (backoff after a transient failure).</summary>
    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>Why the last post did not book it.</summary>
    public string? LastFailure { get; set; }
}
