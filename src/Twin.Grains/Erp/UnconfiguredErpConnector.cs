using Twin.Erp.Connector;
using Twin.Erp.Transactions;

namespace Twin.Grains.Erp;

/// <summary>
/// Stands in when no ERP is configured (Erp:Connector:BaseUrl empty): every transaction stays pending, nothing
/// is lost or dead-lettered, and the figures say why, until an ERP is configured and the silo restarted.
/// </summary>
public sealed class UnconfiguredErpConnector : IErpConnector
{
    public const string Reason = "no ERP is configured; set Erp:Connector:BaseUrl and restart the silo";

    public Task<IReadOnlyList<ErpPostOutcome>> PostBatchAsync(IReadOnlyList<ErpTransaction> batch, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ErpPostOutcome>>(
            batch.Select(t => ErpPostOutcome.Transient(t.IdempotencyKey, Reason, TimeSpan.FromMinutes(1))).ToList());
}
