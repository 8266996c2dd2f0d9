using Twin.Erp.Outbox;
using Twin.Erp.Posting;
using Twin.Erp.Transactions;
using Xunit.Abstractions;

namespace Twin.Erp.Tests.Outbox;

/// <summary>
/// The embedded profile's outbox remembers every staged source of a booked document until the document's key is
/// forgotten (up to MaxRememberedBookedKeys documents, oldest first), so a redelivered production event is still a
/// duplicate. What it keeps per source is then paid for every production event of the plant for hours: measured
/// exactly here (live heap after full collections, over many sources) instead of as a slope in the plant-scale run.
/// </summary>
[Collection(HeapMeasurements.Name)]
public sealed class InMemoryErpOutboxStoreFootprintTests(ITestOutputHelper output)
{
    private const int Documents = 200;
    private const int SourcesPerDocument = 50;
    private static readonly DateTimeOffset T0 = new(2026, 12, 4, 6, 0, 0, TimeSpan.Zero);

    // Measured 2026-12-04 on this shape: 890 bytes per booked source while the sealed rows kept the whole staged
    // transaction, 262 bytes once they keep only the keys (the key string, the row, the dictionary entries). The
    // budget leaves ~10 %.
    private const int BudgetBytes = 290;

    [Fact]
    public async Task A_booked_source_is_remembered_by_its_key_alone()
    {
        var store = new InMemoryErpOutboxStore(maxRememberedBookedKeys: 1_000_000);
        var before = LiveHeap();
        for (var d = 0; d < Documents; d++)
        {
            var sources = Enumerable.Range(0, SourcesPerDocument).Select(i => Event(d, i)).ToList();
            Assert.All(await store.StageAsync("P1", sources.Select(s => new ErpStagedSource(s, ErpPostingGroups.KeyOf(s)!, T0)).ToList()),
                r => Assert.Equal(ErpEnqueueResult.Accepted, r));
            var document = Assert.Single(ErpDocumentComposer.Compose(sources, final: false));
            Assert.True(await store.SealAsync("P1", [document], T0));
            await store.RecordAsync("P1", [new ErpRowOutcome(document.Document.IdempotencyKey, ErpRowOutcomeKind.Booked, 1)], T0);
        }
        var after = LiveHeap();

        var perSource = (after - before) / (double)(Documents * SourcesPerDocument);
        output.WriteLine($"heap per booked source: {perSource:F0} bytes (budget {BudgetBytes})");
        // Still remembered: a redelivery of the first event is a duplicate.
        var again = Event(0, 0);
        Assert.Equal([ErpEnqueueResult.Duplicate], await store.StageAsync("P1", [new ErpStagedSource(again, ErpPostingGroups.KeyOf(again)!, T0)]));
        Assert.Equal(Documents * SourcesPerDocument, (await store.CountsAsync("P1", T0)).SourcesBooked);
        GC.KeepAlive(store);
        Assert.True(perSource <= BudgetBytes, $"A booked source holds {perSource:F0} bytes in the outbox, over its budget of {BudgetBytes}.");
    }

    // A production event as a machine twin reports it: its own event and correlation ids (32 hex digits, as the
    // ingest makes them; the same for the same event, so a redelivery can be told), the order's words.
    private static ErpTransaction Event(int document, int i)
    {
        var eventId = $"press-{document:D4}/opc:press-{document:D4}:{document:x16}{i:x16}";
        return new ErpTransaction
        {
            IdempotencyKey = ErpIdempotencyKey.Derive(ErpTransactionKind.ProductionConfirmation, [eventId]),
            Kind = ErpTransactionKind.ProductionConfirmation,
            Plant = "P1",
            WorkOrder = $"WO-{document:D4}",
            Operation = "10",
            Item = "FG-100",
            Quantity = 1,
            Unit = "pcs",
            CorrelationId = $"opc:{i:x16}{document:x16}",
            SourceEventIds = [eventId],
            OccurredAt = T0.AddSeconds(i),
        };
    }

    private static long LiveHeap()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
