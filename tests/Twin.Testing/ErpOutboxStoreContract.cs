using Twin.Erp.Outbox;
using Twin.Erp.Posting;
using Twin.Erp.Transactions;
using Xunit;

namespace Twin.Testing;

/// <summary>
/// What every <see cref="IErpOutboxStore"/> must do, run against the in-memory store and PostgreSQL alike:
/// idempotent appends, due batches in order, retries, dead letters and replay, counts, booked-key retention;
/// staged sources of posting windows sealed into documents atomically and idempotently.
/// </summary>
public abstract class ErpOutboxStoreContract
{
    protected abstract IErpOutboxStore Store { get; }

    /// <summary>The same store as a new process would open it (PostgreSQL: a new connection pool; in memory: the same object).</summary>
    protected virtual IErpOutboxStore Reopened => Store;

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
    public async Task Kinds_are_counted_among_the_oldest_rows_read_pending_by_queue_time_and_dead_letters_all()
    {
        var plant = NewPlant();
        var receipt = Tx(plant, "r-1") with { Kind = ErpTransactionKind.GoodsReceipt, IdempotencyKey = ErpIdempotencyKey.Derive(ErpTransactionKind.GoodsReceipt, ["r-1"]), ToLocation = "A1" };
        await Store.AppendAsync(plant, [Tx(plant, "old-1"), Tx(plant, "old-2"), receipt], T0);
        await Store.AppendAsync(plant, [Tx(plant, "new-1")], T0.AddMinutes(5));
        await Store.TakeDueAsync(plant, T0, 10);
        await Store.RecordAsync(plant, [new ErpRowOutcome(receipt.IdempotencyKey, ErpRowOutcomeKind.DeadLetter, 1, Reason: "unknown item")], T0);

        var counts = await Store.CountByKindAsync(plant, T0.AddMinutes(1), max: 100);
        Assert.Equal(2, counts.PendingBefore[ErpTransactionKind.ProductionConfirmation]); // new-1 was queued after the minute
        Assert.Equal(1, Assert.Single(counts.DeadLetters).Value);
        Assert.Equal(ErpTransactionKind.GoodsReceipt, counts.DeadLetters.Keys.Single());
        Assert.False(counts.Capped);

        var capped = await Store.CountByKindAsync(plant, T0.AddMinutes(10), max: 2);
        Assert.Equal(2, capped.PendingBefore[ErpTransactionKind.ProductionConfirmation]); // only the oldest two were read
        Assert.True(capped.Capped);
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

    private static ErpStagedSource Staged(ErpTransaction t, DateTimeOffset at) => new(t, ErpPostingGroups.KeyOf(t)!, at);

    private static ErpSealedDocument Sealed(IReadOnlyList<ErpTransaction> sources, bool final = false) =>
        Assert.Single(ErpDocumentComposer.Compose(sources, final));

    [Fact]
    public async Task Staged_sources_are_sealed_into_one_document_with_the_exact_sum_and_stay_duplicates_after_booking()
    {
        var plant = NewPlant();
        var sources = new[] { Tx(plant, "e-1", 1.25m), Tx(plant, "e-2", 2.5m), Tx(plant, "e-3", 0.125m) };

        Assert.Equal([ErpEnqueueResult.Accepted, ErpEnqueueResult.Accepted, ErpEnqueueResult.Accepted],
            await Store.StageAsync(plant, sources.Select(t => Staged(t, T0)).ToList()));
        Assert.Equal([ErpEnqueueResult.Duplicate], await Store.StageAsync(plant, [Staged(sources[1], T0)]));
        Assert.Empty(await Store.TakeDueAsync(plant, T0, 10)); // staged is not pending: nothing to post yet
        var open = await Store.OpenSourcesAsync(plant);
        Assert.Equal(sources.Select(t => t.IdempotencyKey), open.Select(o => o.Source.IdempotencyKey));
        Assert.Equal(sources[0], open[0].Source with { SourceEventIds = sources[0].SourceEventIds });
        Assert.Equal((3L, 0L), ((await Store.CountsAsync(plant, T0)).StagedSources, (await Store.CountsAsync(plant, T0)).Pending));

        var document = Sealed(sources, final: true);
        Assert.True(await Store.SealAsync(plant, [document], T0.AddSeconds(60)));

        Assert.Empty(await Store.OpenSourcesAsync(plant));
        var taken = Assert.Single(await Store.TakeDueAsync(plant, T0.AddSeconds(60), 10)).Transaction;
        Assert.Equal((document.Document.IdempotencyKey, 3.875m, true), (taken.IdempotencyKey, taken.Quantity, taken.Final));
        Assert.Equal(["e-1", "e-2", "e-3"], taken.SourceEventIds);
        await Store.RecordAsync(plant, [new ErpRowOutcome(taken.IdempotencyKey, ErpRowOutcomeKind.Booked, 1)], T0.AddSeconds(61));

        // A source redelivered after its document was sealed and booked is still recognised, by either path.
        Assert.Equal([ErpEnqueueResult.Duplicate], await Store.StageAsync(plant, [Staged(sources[0], T0.AddSeconds(62))]));
        Assert.Equal([ErpEnqueueResult.Duplicate], await Store.AppendAsync(plant, [sources[2]], T0.AddSeconds(62)));
        var counts = await Store.CountsAsync(plant, T0.AddSeconds(62));
        Assert.Equal((0L, 0L, 1L, 3L), (counts.StagedSources, counts.Pending, counts.Posted, counts.SourcesBooked));
    }

    [Fact]
    public async Task A_seal_is_all_or_nothing_and_a_retried_seal_of_the_same_documents_changes_nothing()
    {
        var plant = NewPlant();
        var a = new[] { Tx(plant, "a-1", 1), Tx(plant, "a-2", 2) };
        var b = new[] { Tx(plant, "b-1", 4) with { Operation = "20", IdempotencyKey = ErpIdempotencyKey.Derive(ErpTransactionKind.ProductionConfirmation, ["b-1"]) } };
        await Store.StageAsync(plant, [.. a.Select(t => Staged(t, T0)), .. b.Select(t => Staged(t, T0))]);

        // Another activation sealed a-1 alone: a document claiming a-1 and a-2 must not be written, nor b's beside it.
        Assert.True(await Store.SealAsync(plant, [Sealed([a[0]])], T0));
        Assert.False(await Store.SealAsync(plant, [Sealed(b), Sealed(a)], T0));
        var stillOpen = (await Store.OpenSourcesAsync(plant)).Select(o => o.Source.IdempotencyKey).Order(StringComparer.Ordinal);
        Assert.Equal(new[] { a[1].IdempotencyKey, b[0].IdempotencyKey }.Order(StringComparer.Ordinal), stillOpen);
        Assert.Single(await Store.TakeDueAsync(plant, T0, 10));

        // An ambiguous write (timeout after the request left) is retried with the same set: written once.
        var rest = new[] { Sealed([a[1]]), Sealed(b) };
        Assert.True(await Store.SealAsync(plant, rest, T0));
        Assert.True(await Store.SealAsync(plant, rest, T0));
        Assert.Equal(3, (await Store.TakeDueAsync(plant, T0, 10)).Count);
        var counts = await Store.CountsAsync(plant, T0);
        Assert.Equal((0L, 3L), (counts.StagedSources, counts.Pending));

        // A source the store never staged cannot be sealed.
        Assert.False(await Store.SealAsync(plant, [Sealed([Tx(plant, "never-staged")])], T0));
    }

    [Fact]
    public async Task Sources_staged_before_a_crash_are_read_back_by_the_next_activation_which_seals_them()
    {
        var plant = NewPlant();
        var sources = Enumerable.Range(0, 4).Select(i => Tx(plant, $"e-{i}", i + 1)).ToList();
        await Store.StageAsync(plant, sources.Select((t, i) => Staged(t, T0.AddSeconds(i))).ToList());

        // The process dies here (between staging and sealing); a new one opens the store.
        var store = Reopened;
        var open = await store.OpenSourcesAsync(plant);
        Assert.Equal(4, open.Count);
        Assert.Equal(T0, open.Min(o => o.StagedAt));
        var windows = new ErpPostingAggregator(TimeSpan.FromSeconds(60));
        foreach (var source in open)
        {
            windows.Add(source);
        }

        var documents = windows.CloseDue(T0.AddSeconds(60));
        Assert.True(await store.SealAsync(plant, documents, T0.AddSeconds(60)));
        var taken = Assert.Single(await store.TakeDueAsync(plant, T0.AddSeconds(60), 10)).Transaction;
        Assert.Equal(10m, taken.Quantity);
        Assert.Empty(await store.OpenSourcesAsync(plant));
    }

    [Fact]
    public async Task A_dead_lettered_document_is_replayed_as_the_same_document_with_the_same_sources()
    {
        var plant = NewPlant();
        var sources = new[] { Tx(plant, "e-1", 3), Tx(plant, "e-2", 4) };
        await Store.StageAsync(plant, sources.Select(t => Staged(t, T0)).ToList());
        var document = Sealed(sources);
        await Store.SealAsync(plant, [document], T0);
        var key = document.Document.IdempotencyKey;
        await Store.RecordAsync(plant, [new ErpRowOutcome(key, ErpRowOutcomeKind.DeadLetter, 1, Reason: "work order not released")], T0);

        Assert.True(await Store.ReplayAsync(plant, key, T0.AddMinutes(5)));

        var again = Assert.Single(await Store.TakeDueAsync(plant, T0.AddMinutes(5), 10)).Transaction;
        Assert.Equal((key, 7m), (again.IdempotencyKey, again.Quantity));
        Assert.Equal(["e-1", "e-2"], again.SourceEventIds);
        await Store.RecordAsync(plant, [new ErpRowOutcome(key, ErpRowOutcomeKind.Booked, 2)], T0.AddMinutes(5));
        Assert.Equal((1L, 2L), ((await Store.CountsAsync(plant, T0)).Posted, (await Store.CountsAsync(plant, T0)).SourcesBooked));
    }

    [Fact]
    public async Task A_sealed_documents_sources_are_forgotten_with_its_booked_key_and_a_document_key_blocks_staging_its_event()
    {
        var plant = NewPlant();
        var sources = new[] { Tx(plant, "e-1", 1), Tx(plant, "e-2", 1) };
        await Store.StageAsync(plant, sources.Select(t => Staged(t, T0)).ToList());
        var document = Sealed(sources);
        await Store.SealAsync(plant, [document], T0);
        await Store.RecordAsync(plant, [new ErpRowOutcome(document.Document.IdempotencyKey, ErpRowOutcomeKind.Booked, 1)], T0);
        Assert.Equal([ErpEnqueueResult.Duplicate], await Store.StageAsync(plant, [Staged(sources[0], T0)]));

        Assert.Equal(1, await Store.ForgetBookedAsync(plant, T0.AddSeconds(1), 100));
        Assert.Equal([ErpEnqueueResult.Accepted], await Store.StageAsync(plant, [Staged(sources[0], T0.AddSeconds(2))]));

        // An event posted alone (no window, or a row from before windows) is not staged again when windows are on.
        var alone = Tx(plant, "posted-alone");
        await Store.AppendAsync(plant, [alone], T0);
        Assert.Equal([ErpEnqueueResult.Duplicate], await Store.StageAsync(plant, [Staged(alone, T0)]));
    }
}
