using Twin.Erp.Posting;
using Twin.Erp.Transactions;

namespace Twin.Erp.Tests.Posting;

/// <summary>Posting windows in the domain: what accumulates, when windows close, the final flag, keys from source sets, exact sums.</summary>
public sealed class ErpPostingAggregatorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 6, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(60);

    private static ErpTransaction Good(string eventId, decimal quantity, string order = "WO-1", int operation = 10, string machine = "press-3") =>
        Source(ErpTransactionKind.ProductionConfirmation, eventId, quantity, order, operation.ToString(System.Globalization.CultureInfo.InvariantCulture)) with { Machine = machine };

    private static ErpTransaction Scrap(string eventId, decimal quantity, string? reason, string order = "WO-1", string machine = "press-3") =>
        Source(ErpTransactionKind.Scrap, eventId, quantity, order, "10") with { Reason = reason, Machine = machine };

    private static ErpTransaction Consumed(string eventId, decimal quantity, string lot, string order = "WO-1") =>
        Source(ErpTransactionKind.MaterialConsumption, eventId, quantity, order, null) with { Item = "RM-7", Unit = "kg", Lot = lot, FromLocation = "A-01" };

    private static ErpTransaction Source(ErpTransactionKind kind, string eventId, decimal quantity, string? order, string? operation) => new()
    {
        IdempotencyKey = ErpIdempotencyKey.Derive(kind, [eventId]),
        Kind = kind,
        Plant = "P1",
        WorkOrder = order,
        Operation = operation,
        Item = "FG-100",
        Quantity = quantity,
        Unit = "pcs",
        CorrelationId = "corr-" + eventId,
        SourceEventIds = [eventId],
        OccurredAt = T0,
    };

    private static ErpStagedSource Staged(ErpTransaction t, DateTimeOffset at) => new(t, ErpPostingGroups.KeyOf(t)!, at);

    [Fact]
    public void Production_in_open_windows_is_counted_by_staging_time_per_kind_until_its_window_closes()
    {
        var windows = new ErpPostingAggregator(TimeSpan.FromMinutes(5));
        // Two operations' windows; one report re-read after a restart arrives out of staging order.
        windows.Add(Staged(Good("a-1", 1), T0));
        windows.Add(Staged(Good("a-3", 1), T0.AddSeconds(90)));
        windows.Add(Staged(Good("a-2", 1), T0.AddSeconds(30)));
        windows.Add(Staged(Good("b-1", 1, operation: 20), T0.AddSeconds(10)));
        windows.Add(Staged(Scrap("s-1", 1, "burr"), T0.AddSeconds(5)));
        windows.Add(Staged(Consumed("c-1", 2, "L-1"), T0));

        Assert.Equal(0, windows.CountStagedBefore(ErpTransactionKind.ProductionConfirmation, T0));
        Assert.Equal(1, windows.CountStagedBefore(ErpTransactionKind.ProductionConfirmation, T0.AddSeconds(10)));
        Assert.Equal(3, windows.CountStagedBefore(ErpTransactionKind.ProductionConfirmation, T0.AddSeconds(31)));
        Assert.Equal(4, windows.CountStagedBefore(ErpTransactionKind.ProductionConfirmation, T0.AddSeconds(91)));
        Assert.Equal(1, windows.CountStagedBefore(ErpTransactionKind.Scrap, T0.AddSeconds(91)));

        // Once a window closes its reports become a document (counted by the queue), not here.
        Assert.Equal(3, windows.CloseDue(T0.AddSeconds(300)).Count); // operation 10 (confirmation, scrap) and the consumption
        Assert.Equal(1, windows.CountStagedBefore(ErpTransactionKind.ProductionConfirmation, T0.AddSeconds(400)));
        Assert.Equal(0, windows.CountStagedBefore(ErpTransactionKind.Scrap, T0.AddSeconds(400)));
    }

    [Fact]
    public void Reports_of_one_operation_within_the_window_become_one_confirmation_with_the_exact_sum()
    {
        var windows = new ErpPostingAggregator(Window);
        var quantities = new[] { 1.5m, 0.25m, 7m, 0.125m, 3m };
        for (var i = 0; i < quantities.Length; i++)
        {
            Assert.True(windows.Add(Staged(Good($"e-{i}", quantities[i]), T0.AddSeconds(i))));
        }

        Assert.Empty(windows.CloseDue(T0.AddSeconds(59)));
        Assert.Equal(T0 + Window, windows.NextCloseAt);
        var document = Assert.Single(windows.CloseDue(T0.AddSeconds(60)));

        Assert.Equal(11.875m, document.Document.Quantity);
        Assert.Equal((ErpTransactionKind.ProductionConfirmation, "WO-1", "10", "press-3", false),
            (document.Document.Kind, document.Document.WorkOrder, document.Document.Operation, document.Document.Machine, document.Document.Final));
        Assert.Equal(["e-0", "e-1", "e-2", "e-3", "e-4"], document.Document.SourceEventIds);
        Assert.Equal(ErpIdempotencyKey.Derive(ErpTransactionKind.ProductionConfirmation, ["e-0", "e-1", "e-2", "e-3", "e-4"]), document.Document.IdempotencyKey);
        Assert.Equal(5, document.SourceKeys.Count);
        Assert.Equal("corr-e-0", document.Document.CorrelationId);
        Assert.Equal((0, 0), (windows.OpenSources, windows.OpenGroups));
        Assert.Null(windows.NextCloseAt);
    }

    [Fact]
    public void Scrap_of_the_same_operation_is_one_document_per_cause_beside_the_yield()
    {
        var windows = new ErpPostingAggregator(Window);
        windows.Add(Staged(Good("g-1", 10), T0));
        windows.Add(Staged(Scrap("s-1", 1, "burr"), T0));
        windows.Add(Staged(Scrap("s-2", 2, "crack"), T0));
        windows.Add(Staged(Scrap("s-3", 0.5m, "burr"), T0));
        windows.Add(Staged(Good("g-2", 5), T0));

        var documents = windows.CloseDue(T0 + Window).Select(d => d.Document).ToList();

        Assert.Equal(3, documents.Count);
        Assert.Equal(15m, documents.Single(d => d.Kind == ErpTransactionKind.ProductionConfirmation).Quantity);
        Assert.Equal(1.5m, documents.Single(d => d.Kind == ErpTransactionKind.Scrap && d.Reason == "burr").Quantity);
        Assert.Equal(2m, documents.Single(d => d.Kind == ErpTransactionKind.Scrap && d.Reason == "crack").Quantity);
    }

    [Fact]
    public void Operations_orders_and_lots_are_separate_groups_and_each_window_runs_from_its_first_event()
    {
        var windows = new ErpPostingAggregator(Window);
        windows.Add(Staged(Good("a", 1, operation: 10), T0));
        windows.Add(Staged(Good("b", 1, operation: 20), T0.AddSeconds(30)));
        windows.Add(Staged(Good("c", 1, order: "WO-2"), T0.AddSeconds(10)));
        windows.Add(Staged(Consumed("d", 2, "LOT-1"), T0));
        windows.Add(Staged(Consumed("e", 3, "LOT-2"), T0));

        Assert.Equal(5, windows.OpenGroups);
        var first = windows.CloseDue(T0.AddSeconds(60));
        Assert.Equal(3, first.Count); // WO-1/10 and both lots
        Assert.Single(windows.CloseDue(T0.AddSeconds(70))); // WO-2
        Assert.Single(windows.CloseDue(T0.AddSeconds(90))); // WO-1/20
        Assert.Equal(0, windows.OpenSources);
    }

    [Fact]
    public void Order_completion_closes_that_orders_windows_early_and_marks_them_final()
    {
        var windows = new ErpPostingAggregator(Window);
        windows.Add(Staged(Good("a", 4), T0));
        windows.Add(Staged(Scrap("b", 1, "burr"), T0));
        windows.Add(Staged(Consumed("c", 2, "LOT-1"), T0));
        windows.Add(Staged(Good("d", 9, order: "WO-2", machine: "press-4"), T0));

        var closed = windows.Close(new ErpPostingTrigger(ErpPostingTriggerKind.OrderCompleted, "WO-1"));

        Assert.Equal(3, closed.Count);
        Assert.All(closed, d => Assert.True(d.Document.Final));
        Assert.All(closed, d => Assert.Equal("WO-1", d.Document.WorkOrder));
        Assert.Equal(1, windows.OpenSources); // WO-2 still open
        Assert.Empty(windows.Close(new ErpPostingTrigger(ErpPostingTriggerKind.OrderCompleted, "WO-1"))); // a redelivered trigger closes nothing
    }

    [Fact]
    public void A_machine_going_down_closes_the_windows_of_the_operations_it_reported_on_not_final()
    {
        var windows = new ErpPostingAggregator(Window);
        windows.Add(Staged(Good("a", 4, machine: "press-3"), T0));
        windows.Add(Staged(Good("b", 5, order: "WO-2", machine: "press-4"), T0));
        windows.Add(Staged(Consumed("c", 2, "LOT-1"), T0));

        var closed = Assert.Single(windows.Close(new ErpPostingTrigger(ErpPostingTriggerKind.MachineStopped, "press-3")));

        Assert.Equal((4m, false, "WO-1"), (closed.Document.Quantity, closed.Document.Final, closed.Document.WorkOrder));
        Assert.Equal(2, windows.OpenSources);
    }

    [Fact]
    public void A_duplicate_source_is_taken_once_and_the_key_depends_only_on_the_set_not_on_arrival_order()
    {
        var events = Enumerable.Range(0, 20).Select(i => Good($"e-{i:00}", i + 0.5m)).ToList();
        var forward = new ErpPostingAggregator(Window);
        foreach (var e in events)
        {
            forward.Add(Staged(e, T0));
        }

        var shuffled = new ErpPostingAggregator(Window);
        foreach (var e in events.OrderBy(_ => Random.Shared.Next()).Concat(events.Take(7)))
        {
            shuffled.Add(Staged(e, T0.AddSeconds(Random.Shared.Next(0, 5))));
        }

        Assert.False(shuffled.Add(Staged(events[3], T0)));
        var a = Assert.Single(forward.CloseDue(T0.AddHours(1))).Document;
        var b = Assert.Single(shuffled.CloseDue(T0.AddHours(1))).Document;
        Assert.Equal(a.IdempotencyKey, b.IdempotencyKey);
        Assert.Equal(events.Sum(e => e.Quantity), b.Quantity);
        Assert.Equal(a.SourceEventIds, b.SourceEventIds);
    }

    [Fact]
    public void Quantities_are_conserved_exactly_through_duplicates_out_of_order_arrival_and_every_kind_of_close()
    {
        var random = new Random(42);
        var windows = new ErpPostingAggregator(TimeSpan.FromSeconds(5));
        var sent = new Dictionary<string, ErpTransaction>();
        var stagedOnce = new HashSet<string>();
        var documents = new List<ErpSealedDocument>();
        var now = T0;
        for (var i = 0; i < 5_000; i++)
        {
            now = now.AddMilliseconds(random.Next(0, 20));
            var order = $"WO-{random.Next(0, 6)}";
            var quantity = random.Next(1, 1_000) / 8m;
            ErpTransaction e = random.Next(0, 4) switch
            {
                0 => Scrap($"s-{i}", quantity, random.Next(0, 2) == 0 ? "burr" : null, order, $"m-{random.Next(0, 3)}"),
                1 => Consumed($"c-{i}", quantity, $"LOT-{random.Next(0, 3)}", order),
                _ => Good($"g-{i}", quantity, order, 10 * random.Next(1, 3), $"m-{random.Next(0, 3)}"),
            };
            // The store stages a source once (its dedup is tested with the stores); an open source seen again here is ignored.
            if (stagedOnce.Add(e.IdempotencyKey))
            {
                sent[e.IdempotencyKey] = e;
                Assert.True(windows.Add(Staged(e, now)));
            }

            if (random.Next(0, 10) == 0)
            {
                Assert.False(windows.Add(Staged(e, now.AddMilliseconds(1)))); // a redelivery while its window is open
            }

            switch (random.Next(0, 200))
            {
                case 0:
                    documents.AddRange(windows.Close(new ErpPostingTrigger(ErpPostingTriggerKind.OrderCompleted, order)));
                    break;
                case 1:
                    documents.AddRange(windows.Close(new ErpPostingTrigger(ErpPostingTriggerKind.MachineStopped, $"m-{random.Next(0, 3)}")));
                    break;
                default:
                    documents.AddRange(windows.CloseDue(now));
                    break;
            }
        }

        documents.AddRange(windows.CloseDue(now.AddHours(1)));

        // Every source in exactly one document, and the documents' sum is the sum of the sources, exactly.
        var carried = documents.SelectMany(d => d.SourceKeys).ToList();
        Assert.Equal(sent.Count, carried.Count);
        Assert.Equal(sent.Keys.Order(), carried.Order());
        var booked = documents.Sum(d => d.Document.Quantity);
        Assert.Equal(sent.Values.Sum(e => e.Quantity), booked);
        Assert.All(documents, d => Assert.Equal(ErpIdempotencyKey.Derive(d.Document.Kind, d.Document.SourceEventIds), d.Document.IdempotencyKey));
    }

    [Fact]
    public void With_no_window_every_open_source_closes_at_once()
    {
        var windows = new ErpPostingAggregator(TimeSpan.Zero);
        windows.Add(Staged(Good("a", 1), T0));
        var document = Assert.Single(windows.CloseDue(T0)).Document;
        Assert.Equal(Good("a", 1).IdempotencyKey, document.IdempotencyKey); // one source: the event's own key
    }

    [Fact]
    public void Kinds_that_are_one_business_fact_each_have_no_posting_group()
    {
        Assert.Null(ErpPostingGroups.KeyOf(Source(ErpTransactionKind.StockMove, "m", 1, null, null)));
        Assert.Null(ErpPostingGroups.KeyOf(Source(ErpTransactionKind.GoodsReceipt, "r", 1, null, null))); // a purchase receipt
        Assert.NotNull(ErpPostingGroups.KeyOf(Source(ErpTransactionKind.GoodsReceipt, "r", 1, "WO-1", null))); // an order's receipt
        Assert.Null(ErpPostingGroups.KeyOf(Source(ErpTransactionKind.GoodsIssue, "i", 1, null, null)));
        Assert.Null(ErpPostingGroups.KeyOf(Source(ErpTransactionKind.LotTransfer, "l", 1, null, null)));
        Assert.Null(ErpPostingGroups.KeyOf(Source(ErpTransactionKind.QualityHold, "h", 1, null, null)));
    }

    [Theory]
    [InlineData("00:00:00", true)]
    [InlineData("00:01:00", true)]
    [InlineData("01:00:00", true)]
    [InlineData("-00:00:01", false)]
    [InlineData("01:00:01", false)]
    public void The_window_setting_is_checked_at_start(string window, bool valid)
    {
        var result = new ErpPostingOptionsValidator().Validate(null, new ErpPostingOptions { Window = TimeSpan.Parse(window, System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.Contains("Erp:Posting:Window", result.FailureMessage, StringComparison.Ordinal);
        }
    }
}
