using System.Collections.Concurrent;
using Twin.Erp.Outbox;
using Twin.Erp.Posting;
using Twin.Erp.Transactions;

namespace Twin.Testing;

/// <summary>
/// An outbox store (the embedded one, or PostgreSQL's) failing every call for the plants a test marks, as a database
/// that went away would; the other plants' calls go through.
/// </summary>
public sealed class FaultyErpOutboxStore(IErpOutboxStore store) : IErpOutboxStore
{
    private readonly IErpOutboxStore _store = store;
    private readonly ConcurrentDictionary<string, long> _down = new(StringComparer.Ordinal);

    public void Down(string plant) => _down[plant] = 0;

    public void Up(string plant) => _down.TryRemove(plant, out _);

    /// <summary>Calls refused for <paramref name="plant"/> while it was down.</summary>
    public long Refused(string plant) => _refusedByPlant.GetValueOrDefault(plant);

    private readonly ConcurrentDictionary<string, long> _refusedByPlant = new(StringComparer.Ordinal);

    private void Check(string plant)
    {
        if (_down.ContainsKey(plant))
        {
            _refusedByPlant.AddOrUpdate(plant, 1, (_, n) => n + 1);
            throw new IOException($"injected: the outbox store of {plant} cannot be reached");
        }
    }

    public Task<IReadOnlyList<ErpEnqueueResult>> AppendAsync(string plant, IReadOnlyList<ErpTransaction> transactions, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        Check(plant);
        return _store.AppendAsync(plant, transactions, now, cancellationToken);
    }

    public Task<IReadOnlyList<ErpEnqueueResult>> StageAsync(string plant, IReadOnlyList<ErpStagedSource> sources, CancellationToken cancellationToken = default)
    {
        Check(plant);
        return _store.StageAsync(plant, sources, cancellationToken);
    }

    public Task<IReadOnlyList<ErpStagedSource>> OpenSourcesAsync(string plant, CancellationToken cancellationToken = default)
    {
        Check(plant);
        return _store.OpenSourcesAsync(plant, cancellationToken);
    }

    public Task<bool> SealAsync(string plant, IReadOnlyList<ErpSealedDocument> documents, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        Check(plant);
        return _store.SealAsync(plant, documents, now, cancellationToken);
    }

    public Task<IReadOnlyList<PendingErpTransaction>> TakeDueAsync(string plant, DateTimeOffset now, int max, CancellationToken cancellationToken = default)
    {
        Check(plant);
        return _store.TakeDueAsync(plant, now, max, cancellationToken);
    }

    public Task<DateTimeOffset?> NextDueAfterAsync(string plant, DateTimeOffset after, CancellationToken cancellationToken = default)
    {
        Check(plant);
        return _store.NextDueAfterAsync(plant, after, cancellationToken);
    }

    public Task RecordAsync(string plant, IReadOnlyList<ErpRowOutcome> outcomes, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        Check(plant);
        return _store.RecordAsync(plant, outcomes, now, cancellationToken);
    }

    public Task<bool> ReplayAsync(string plant, string idempotencyKey, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        Check(plant);
        return _store.ReplayAsync(plant, idempotencyKey, now, cancellationToken);
    }

    public Task<int> ReplayDeadLettersAsync(string plant, int max, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        Check(plant);
        return _store.ReplayDeadLettersAsync(plant, max, now, cancellationToken);
    }

    public Task<IReadOnlyList<DeadLetteredErpTransaction>> DeadLettersAsync(string plant, int max, CancellationToken cancellationToken = default)
    {
        Check(plant);
        return _store.DeadLettersAsync(plant, max, cancellationToken);
    }

    public Task<ErpOutboxCounts> CountsAsync(string plant, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        Check(plant);
        return _store.CountsAsync(plant, now, cancellationToken);
    }

    public Task CountNotForErpAsync(string plant, long count, CancellationToken cancellationToken = default)
    {
        Check(plant);
        return _store.CountNotForErpAsync(plant, count, cancellationToken);
    }

    public Task<ErpOutboxKindCounts> CountByKindAsync(string plant, DateTimeOffset queuedBefore, int max, CancellationToken cancellationToken = default)
    {
        Check(plant);
        return _store.CountByKindAsync(plant, queuedBefore, max, cancellationToken);
    }

    public Task<int> ForgetBookedAsync(string plant, DateTimeOffset bookedBefore, int max, CancellationToken cancellationToken = default)
    {
        Check(plant);
        return _store.ForgetBookedAsync(plant, bookedBefore, max, cancellationToken);
    }
}
