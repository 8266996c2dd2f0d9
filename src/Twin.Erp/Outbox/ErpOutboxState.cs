namespace Twin.Erp.Outbox;

/// <summary>
/// Everything an <see cref="ErpOutbox"/> must keep across restarts: plain lists and numbers so a grain
/// can persist it as JSON (IPersistentState). Lists are kept in arrival order.
/// </summary>
public sealed class ErpOutboxState
{
    public List<PendingErpTransaction> Pending { get; set; } = [];

    public List<DeadLetteredErpTransaction> DeadLetters { get; set; } = [];

    /// <summary>Keys booked recently, oldest first, so a redelivery is recognised without asking the ERP.</summary>
    public List<string> BookedKeys { get; set; } = [];

    /// <summary>Transactions booked (including ones the ERP had already booked).</summary>
    public long Posted { get; set; }

    /// <summary>Transient failures, each of which put a transaction back to wait.</summary>
    public long Retried { get; set; }

    /// <summary>Transactions moved to dead letters (counts every rejection, even if later replayed).</summary>
    public long DeadLettered { get; set; }

    /// <summary>Dead letters put back to pending.</summary>
    public long Replayed { get; set; }

    /// <summary>Offered transactions recognised as already pending, booked or dead-lettered.</summary>
    public long Duplicates { get; set; }

    /// <summary>Offered transactions refused because the outbox was full.</summary>
    public long Refused { get; set; }
}
