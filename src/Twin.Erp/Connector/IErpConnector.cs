using Twin.Erp.Stock;
using Twin.Erp.Transactions;

namespace Twin.Erp.Connector;

/// <summary>Posts transactions to one ERP and classifies what became of each; reads the ERP's stock where it can.</summary>
public interface IErpConnector
{
    /// <summary>
    /// Posts <paramref name="batch"/> and returns exactly one outcome per transaction, in batch order.
    /// ERP and network trouble is reported as <see cref="ErpOutcomeStatus.Transient"/> outcomes, never
    /// thrown; only cancellation through <paramref name="cancellationToken"/> throws.
    /// </summary>
    Task<IReadOnlyList<ErpPostOutcome>> PostBatchAsync(IReadOnlyList<ErpTransaction> batch, CancellationToken cancellationToken = default);

    /// <summary>
    /// The ERP's stock of the locations <paramref name="query"/> names (the read side the inventory reconciliation
    /// uses). ERP trouble is an <see cref="ErpStockAnswerStatus.Unavailable"/> answer, never thrown. A connector
    /// that cannot read stock answers <see cref="ErpStockAnswerStatus.NotSupported"/>, which is what this default does.
    /// </summary>
    Task<ErpStockAnswer> QueryStockAsync(ErpStockQuery query, CancellationToken cancellationToken = default) =>
        Task.FromResult(ErpStockAnswer.NotSupported($"the ERP connector {GetType().Name} does not read stock; inventory reconciliation is off"));
}
