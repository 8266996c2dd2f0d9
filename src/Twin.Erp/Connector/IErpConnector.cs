using Twin.Erp.Transactions;

namespace Twin.Erp.Connector;

/// <summary>Posts transactions to one ERP and classifies what became of each.</summary>
public interface IErpConnector
{
    /// <summary>
    /// Posts <paramref name="batch"/> and returns exactly one outcome per transaction, in batch order.
    /// ERP and network trouble is reported as <see cref="ErpOutcomeStatus.Transient"/> outcomes, never
    /// thrown; only cancellation through <paramref name="cancellationToken"/> throws.
    /// </summary>
    Task<IReadOnlyList<ErpPostOutcome>> PostBatchAsync(IReadOnlyList<ErpTransaction> batch, CancellationToken cancellationToken = default);
}
