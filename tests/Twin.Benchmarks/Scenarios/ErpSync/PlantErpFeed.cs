using Twin.Erp.Connector;
using Twin.Erp.Outbox;
using Twin.Erp.Transactions;

namespace Twin.Benchmarks.Scenarios.ErpSync;

/// <summary>
/// One plant's ERP sync as ErpSyncGrain runs it: one <see cref="ErpOutbox"/>, one caller at a time, posting a
/// batch and recording its outcomes before the next. Transactions are offered as fast as the outbox takes them;
/// a share of them are redeliveries of earlier ones (same idempotency key). Transaction n is
/// <paramref name="make"/>(plant, n), by default <see cref="BenchmarkTransactions.Confirmation(string, long)"/>.
/// </summary>
public sealed class PlantErpFeed(string plant, IErpConnector connector, ErpOutboxOptions options, double duplicateShare, int seed,
    Func<string, long, ErpTransaction>? make = null)
{
    private readonly Func<string, long, ErpTransaction> _make = make ?? BenchmarkTransactions.Confirmation;
    private readonly ErpOutbox _outbox = new(new ErpOutboxState(), options, TimeProvider.System);
    private readonly Random _random = new(seed);
    private long _nextSequence;

    public string Plant => plant;

    /// <summary>Distinct transactions created (each must end up booked exactly once).</summary>
    public long Distinct => Interlocked.Read(ref _nextSequence);

    /// <summary>Redeliveries offered (each must not be booked again).</summary>
    public long RedeliveriesOffered { get; private set; }

    public long CaughtByOutbox => _outbox.State.Duplicates;

    public long AnsweredAlreadyBooked { get; private set; }

    public long Posted => _outbox.State.Posted;

    public long Retried => _outbox.State.Retried;

    public long DeadLettered => _outbox.State.DeadLettered;

    public async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            // Offer until a full batch is due (or the outbox pushes back), then post what is due.
            while (_outbox.Pending.Count < options.MaxBatchSize && !_outbox.IsFull)
            {
                Offer();
            }

            await PostDueAsync(flush: false, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Posts everything still pending, so the audit can be checked against what was offered.</summary>
    public async Task DrainAsync(TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (_outbox.Pending.Count > 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException(
                    $"ERP sync of {plant} still had {_outbox.Pending.Count} transactions pending {within.TotalSeconds:0} s after the load stopped (retried {Retried}, dead-lettered {DeadLettered}).");
            }

            await PostDueAsync(flush: true, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private void Offer()
    {
        var redeliver = _nextSequence > 0 && _random.NextDouble() < duplicateShare;
        var sequence = redeliver ? _random.NextInt64(_nextSequence) : Interlocked.Increment(ref _nextSequence) - 1;
        var result = _outbox.Enqueue(_make(plant, sequence));
        if (redeliver)
        {
            RedeliveriesOffered++;
        }
        else if (result != ErpEnqueueResult.Accepted)
        {
            throw new InvalidOperationException($"ERP outbox of {plant} refused new transaction {sequence} ({result}) although it had room.");
        }
    }

    private async Task PostDueAsync(bool flush, CancellationToken cancellationToken)
    {
        while (_outbox.NextBatch(flush) is { } batch)
        {
            var outcomes = await connector.PostBatchAsync(batch.Transactions, cancellationToken).ConfigureAwait(false);
            var tally = _outbox.RecordOutcomes(batch, outcomes);
            AnsweredAlreadyBooked += tally.AlreadyBooked;
            if (tally.DeadLettered > 0)
            {
                throw new InvalidOperationException(
                    $"The ERP simulator rejected {tally.DeadLettered} transactions of {plant}: {_outbox.DeadLetters[^1].Reason}");
            }
        }
    }
}
