using Twin.Erp.Transactions;

namespace Twin.Erp.Outbox;

/// <summary>A transaction the ERP rejected for a business reason, kept for an operator to fix and replay.</summary>
public sealed record DeadLetteredErpTransaction
{
    public required ErpTransaction Transaction { get; init; }

    /// <summary>The ERP's reason, as it gave it.</summary>
    public required string Reason { get; init; }

    public required DateTimeOffset RejectedAt { get; init; }

    /// <summary>Posts it took, the rejected one included.</summary>
    public int Attempts { get; init; }
}
