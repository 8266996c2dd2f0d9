using System.Collections.Concurrent;
using Twin.Erp.Connector;
using Twin.Erp.Transactions;

namespace Twin.Cli.Tests.Infrastructure;

/// <summary>
/// An ERP that books everything except transactions of the plants a test told it to reject (a business refusal,
/// so they become dead letters); <see cref="Accept"/> is "the cause was fixed in the ERP".
/// </summary>
public sealed class RejectingErpConnector : IErpConnector
{
    private readonly ConcurrentDictionary<string, bool> _rejectedPlants = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _unreachablePlants = new(StringComparer.Ordinal);

    public void Reject(string plant) => _rejectedPlants[plant] = true;

    /// <summary>The plant's ERP stops answering: its transactions stay pending and are retried.</summary>
    public void Unreachable(string plant) => _unreachablePlants[plant] = true;

    public void Accept(string plant)
    {
        _rejectedPlants.TryRemove(plant, out _);
        _unreachablePlants.TryRemove(plant, out _);
    }

    public Task<IReadOnlyList<ErpPostOutcome>> PostBatchAsync(IReadOnlyList<ErpTransaction> batch, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ErpPostOutcome>>(batch.Select(t =>
            _unreachablePlants.ContainsKey(t.Plant) ? ErpPostOutcome.Transient(t.IdempotencyKey, "ERP not reachable")
            : _rejectedPlants.ContainsKey(t.Plant) ? ErpPostOutcome.Rejected(t.IdempotencyKey, $"Material {t.Item} is not extended to plant {t.Plant}")
            : ErpPostOutcome.Booked(t.IdempotencyKey, $"DOC-{t.IdempotencyKey[..8]}")).ToList());
}
