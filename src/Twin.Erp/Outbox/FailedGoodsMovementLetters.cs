using Twin.Erp.Connector;

namespace Twin.Erp.Outbox;

/// <summary>
/// Files the goods movements an ERP did not post with a booked document (SAP's error pool) as dead letters of their
/// own, so the KPI "goods movements the ERP did not post" and <c>twin erp dead-letters</c> show them. Called before the
/// booked document is recorded: a crash in between re-posts nothing (the document is looked up and found booked, its
/// movements read again) and files nothing twice (their keys are derived from the document's key; a second filing is
/// a duplicate).
/// </summary>
public static class FailedGoodsMovementLetters
{
    /// <summary>Dead-letters the failed movements of booked outcomes; returns how many new dead letters were filed.</summary>
    public static async Task<int> FileAsync(IErpOutboxStore store, string plant, IEnumerable<ErpPostOutcome> outcomes, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var failed = outcomes.Where(o => o.Status == ErpOutcomeStatus.Booked).SelectMany(o => o.FailedGoodsMovements).ToList();
        if (failed.Count == 0)
        {
            return 0;
        }

        var results = await store.AppendAsync(plant, failed.ConvertAll(f => f.Transaction), now, cancellationToken).ConfigureAwait(false);
        var filed = failed.Where((_, i) => results[i] == ErpEnqueueResult.Accepted)
            .Select(f => new ErpRowOutcome(f.Transaction.IdempotencyKey, ErpRowOutcomeKind.DeadLetter, Attempts: 1, Reason: f.Reason))
            .ToList();
        if (filed.Count > 0)
        {
            await store.RecordAsync(plant, filed, now, cancellationToken).ConfigureAwait(false);
        }

        return filed.Count;
    }
}
