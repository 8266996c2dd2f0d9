using Twin.Erp.Outbox;
using Twin.Erp.Transactions;
using Xunit;

namespace Twin.Testing;

/// <summary>
/// What every <see cref="IErpOutboxStore"/> must do, run against the in-memory store and PostgreSQL alike:
/// idempotent appends, due batches in order, retries, dead letters and replay, counts, booked-key retention.
/// </summary>
public abstract class ErpOutboxStoreContract
{
    protected abstract IErpOutboxStore Store { get; }

    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    protected static string NewPlant() => $"P-{Guid.NewGuid():N}"[..16];

    protected static ErpTransaction Tx(string plant, string eventId, decimal quantity = 1) => new()
    {
        IdempotencyKey = ErpIdempotencyKey.Derive(ErpTransactionKind.ProductionConfirmation, [eventId]),
        Kind = ErpTransactionKind.ProductionConfirmation,
        Plant = plant,
        WorkOrder = "WO-1",
        Operation = "10",
        Item = "FG-100",
        Quantity = quantity,
        Unit = "pcs",
        CorrelationId = $"corr-{eventId}",
        SourceEventIds = [eventId],
        OccurredAt = T0,
    };

    [Fact]
    public async Task An_append_is_accepted_once_and_a_redelivery_is_a_duplicate_even_after_booking()
    {
        var plant = NewPlant();
        var a = Tx(plant, "e-1", 5);

        Assert.Equal([ErpEnqueueResult.Accepted], await Store.AppendAsync(plant, [a], T0));
        Assert.Equal([ErpEnqueueResult.Duplicate], await Store.AppendAsync(plant, [a], T0));
        var taken = Assert.Single(await Store.TakeDueAsync(plant, T0, 10));
        Assert.Equal(a, taken.Transaction with { SourceEventIds = a.SourceEventIds });
        Assert.Equal(a.SourceEventIds, taken.Transaction.SourceEventIds);
        await Store.RecordAsync(plant, [new ErpRowOutcome(a.IdempotencyKey, ErpRowOutcomeKind.Booked, 1)], T0);
        Assert.Equal([ErpEnqueueResult.Duplicate], await Store.AppendAsync(plant, [a], T0));

        var counts = await Store.CountsAsync(plant, T0);
        Assert.Equal((0L, 1L, 2L, 0L), (counts.Pending, counts.Posted, counts.Duplicates, counts.DeadLetters));
        Assert.Equal(T0, counts.LastPostedAt);
        Assert.Empty(await Store.TakeDueAsync(plant, T0.AddHours(1), 10));
    }

    [Fact]
    public async Task Due_rows_come_in_batches_earliest_first_and_a_retry_waits_for_its_time()
    {
        var plant = NewPlant();
        var txs = Enumerable.Range(0, 5).Select(i => Tx(plant, $"e-{i}")).ToList();
        await Store.AppendAsync(plant, txs, T0);

        var first = await Store.TakeDueAsync(plant, T0, 2);
        Assert.Equal([txs[0].IdempotencyKey, txs[1].IdempotencyKey], first.Select(r => r.Transaction.IdempotencyKey));
        var later = T0.AddSeconds(30);
        await Store.RecordAsync(plant, first.Select(r => new ErpRowOutcome(r.Transaction.IdempotencyKey, ErpRowOutcomeKind.Retry, 1, later, "503")).ToList(), T0);

        var rest = await Store.TakeDueAsync(plant, T0.AddSeconds(1), 10);
        Assert.Equal(txs.Skip(2).Select(t => t.IdempotencyKey), rest.Select(r => r.Transaction.IdempotencyKey));
        Assert.Equal(later, await Store.NextDueAfterAsync(plant, T0));
        Assert.Null(await Store.NextDueAfterAsync(plant, later));

        var retried = await Store.TakeDueAsync(plant, later, 10);
        Assert.Equal(5, retried.Count); // The retried two are due now, after the three that were due all along.
        Assert.Equal((1, "503"), (retried[^1].Attempts, retried[^1].LastFailure));
        var counts = await Store.CountsAsync(plant, T0.AddSeconds(10));
        Assert.Equal((5L, 2L, TimeSpan.FromSeconds(10)), (counts.Pending, counts.Retried, counts.OldestPendingAge));
    }

    [Fact]
    public async Task A_rejection_becomes_a_dead_letter_with_its_reason_and_replay_puts_it_back()
    {
        var plant = NewPlant();
        var txs = Enumerable.Range(0, 3).Select(i => Tx(plant, $"e-{i}")).ToList();
        await Store.AppendAsync(plant, txs, T0);
        await Store.RecordAsync(plant, txs.Select(t => new ErpRowOutcome(t.IdempotencyKey, ErpRowOutcomeKind.DeadLetter, 2, Reason: "not released")).ToList(), T0);

        var letters = await Store.DeadLettersAsync(plant, 10);
        Assert.Equal(txs.Select(t => t.IdempotencyKey), letters.Select(l => l.Transaction.IdempotencyKey));
        Assert.All(letters, l => Assert.Equal(("not released", 2, T0), (l.Reason, l.Attempts, l.RejectedAt)));
        Assert.Equal([ErpEnqueueResult.Duplicate], await Store.AppendAsync(plant, [txs[0]], T0));
        Assert.Empty(await Store.TakeDueAsync(plant, T0, 10));

        Assert.False(await Store.ReplayAsync(plant, "no-such-key", T0));
        Assert.True(await Store.ReplayAsync(plant, txs[0].IdempotencyKey, T0));
        Assert.Equal(2, await Store.ReplayDeadLettersAsync(plant, 10, T0));
        Assert.Equal(0, await Store.ReplayDeadLettersAsync(plant, 10, T0));
        Assert.Equal(3, (await Store.TakeDueAsync(plant, T0, 10)).Count);

        var counts = await Store.CountsAsync(plant, T0);
        Assert.Equal((3L, 0L, 3L, 3L), (counts.Pending, counts.DeadLetters, counts.DeadLettered, counts.Replayed));
    }

    [Fact]
    public async Task Booked_keys_are_forgotten_after_their_retention_and_not_for_ERP_events_are_counted()
    {
        var plant = NewPlant();
        var a = Tx(plant, "e-1");
        await Store.AppendAsync(plant, [a], T0);
        await Store.RecordAsync(plant, [new ErpRowOutcome(a.IdempotencyKey, ErpRowOutcomeKind.Booked, 1)], T0);

        Assert.Equal(0, await Store.ForgetBookedAsync(plant, T0, 100));
        Assert.Equal(1, await Store.ForgetBookedAsync(plant, T0.AddSeconds(1), 100));
        Assert.Equal([ErpEnqueueResult.Accepted], await Store.AppendAsync(plant, [a], T0.AddSeconds(2)));

        await Store.CountNotForErpAsync(plant, 3);
        Assert.Equal(3, (await Store.CountsAsync(plant, T0)).NotForErp);
    }

    [Fact]
    public async Task Plants_do_not_see_each_others_rows()
    {
        var (p1, p2) = (NewPlant(), NewPlant());
        await Store.AppendAsync(p1, [Tx(p1, "e-1")], T0);

        Assert.Empty(await Store.TakeDueAsync(p2, T0, 10));
        Assert.Equal(0, (await Store.CountsAsync(p2, T0)).Pending);
        Assert.Equal([ErpEnqueueResult.Accepted], await Store.AppendAsync(p2, [Tx(p1, "e-1")], T0));
    }
}
