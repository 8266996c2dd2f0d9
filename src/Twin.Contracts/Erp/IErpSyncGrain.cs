namespace Twin.Contracts;

/// <summary>
/// Background ERP synchronisation of one plant; key = plant id. Receives the plant's business events from
/// the erp-outbox stream, keeps the resulting ERP transactions in a durable queue and posts them in batches.
/// </summary>
public interface IErpSyncGrain : IGrainWithStringKey
{
    /// <summary>Takes one business event (the stream does this; tests and tools may too). Persisted before it returns.</summary>
    Task<ErpOfferAnswer> Offer(TwinEvent businessEvent);

    /// <summary>Queue length, oldest pending age and the posted, retried and dead-lettered counts.</summary>
    Task<ErpSyncFigures> GetFigures();

    /// <summary>
    /// For the plant's KPIs: production confirmations queued longer than <paramref name="queuedLongerThan"/> and the
    /// dead-lettered goods movements by kind (bounded reads of the queue's oldest rows, see IErpOutboxStore.CountByKindAsync).
    /// </summary>
    Task<ErpKpiCounts> GetKpiCounts(TimeSpan queuedLongerThan);

    /// <summary>The transactions the ERP rejected, oldest first (at most <paramref name="max"/>).</summary>
    Task<IReadOnlyList<ErpDeadLetter>> GetDeadLetters(int max = 100);

    /// <summary>Puts one dead letter back in the queue (after its cause was fixed in the ERP).</summary>
    Task<ErpReplayAnswer> Replay(string idempotencyKey);

    /// <summary>Puts all dead letters back in the queue; returns how many.</summary>
    Task<int> ReplayAll();

    /// <summary>Makes sure the grain is active and posting (the silo pokes it at start so a queue left by a crash drains).</summary>
    Task Wake();
}
