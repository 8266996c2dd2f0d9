using System.Collections.Concurrent;
using Twin.Erp.Connector;
using Twin.Erp.Transactions;

namespace Twin.Pipeline.Tests;

/// <summary>An ERP for grain tests: decides per transaction by a rule the test sets, and remembers every post.</summary>
public sealed class ScriptedErpConnector : IErpConnector
{
    public static ScriptedErpConnector Instance { get; } = new();

    private readonly ConcurrentQueue<ErpTransaction> _posted = new();
    private volatile Func<ErpTransaction, ErpPostOutcome> _rule = t => ErpPostOutcome.Booked(t.IdempotencyKey, $"DOC-{t.IdempotencyKey[..6]}");

    public IReadOnlyList<ErpTransaction> Posted => [.. _posted];

    public void Answer(Func<ErpTransaction, ErpPostOutcome> rule) => _rule = rule;

    public Task<IReadOnlyList<ErpPostOutcome>> PostBatchAsync(IReadOnlyList<ErpTransaction> batch, CancellationToken cancellationToken = default)
    {
        foreach (var t in batch)
        {
            _posted.Enqueue(t);
        }

        return Task.FromResult<IReadOnlyList<ErpPostOutcome>>(batch.Select(_rule).ToList());
    }
}
