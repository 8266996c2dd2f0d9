using System.Text.Json;
using Twin.Domain;
using Twin.Domain.WorkOrders;

namespace Twin.Domain.Tests.Common;

/// <summary>A twin split into its own fields plus ledger/history rows, and put back together (issue 10: writes that do not grow).</summary>
public sealed class TwinJournalTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 6, 0, 0, TimeSpan.Zero);

    private static WorkOrderTwin Order(int ledger = 1000, int history = 200)
    {
        var order = new WorkOrderTwin();
        order.ApplyLimits(history, ledger);
        order.Execute(new CommandMeta("create", "c"), T0, "Create", () => order.Create("P1", "FG", 1_000_000m, "pcs",
            [new RoutingStep(10, "presses", null, TimeSpan.FromSeconds(1))], 0, T0));
        order.Execute(new CommandMeta("release", "c"), T0, "ChangeStatus", () => order.MoveTo(OrderStatus.Released, T0));
        return order;
    }

    private static void Report(WorkOrderTwin order, int n) =>
        order.Execute(new CommandMeta($"r{n}", "c"), T0, "ReportProduction", () => order.Report(10, 1, 0, T0));

    // What a store would keep: every row ever appended, minus those cut, by sequence.
    private sealed class Rows
    {
        public SortedDictionary<long, CommandOutcome> Ledger { get; } = [];
        public SortedDictionary<long, HistoryLine> History { get; } = [];
        public JournalMark Written { get; set; }

        public string Save(WorkOrderTwin order)
        {
            foreach (var (sequence, outcome) in TwinJournal.NewOutcomes(order, Written))
            {
                Ledger[sequence] = outcome;
            }

            foreach (var line in TwinJournal.NewLines(order, Written))
            {
                History[line.Sequence] = line;
            }

            var horizon = TwinJournal.Horizon(order);
            foreach (var old in Ledger.Keys.Where(k => k <= horizon.Ledger).ToList())
            {
                Ledger.Remove(old);
            }

            foreach (var old in History.Keys.Where(k => k <= horizon.History).ToList())
            {
                History.Remove(old);
            }

            Written = TwinJournal.MarkOf(order);
            return TwinJournal.WithoutRows(order, () => JsonSerializer.Serialize(order));
        }

        public WorkOrderTwin Load(string json, int ledger = 1000, int history = 200)
        {
            var order = JsonSerializer.Deserialize<WorkOrderTwin>(json)!;
            order.ApplyLimits(history, ledger);
            TwinJournal.Restore(order, Ledger.Select(p => (p.Key, p.Value)).ToArray(), History.Values.ToArray());
            return order;
        }
    }

    [Fact]
    public void The_own_fields_do_not_grow_with_the_ledger_and_each_change_adds_one_outcome_and_one_line()
    {
        var order = Order();
        var rows = new Rows();
        var first = rows.Save(order);
        for (var n = 0; n < 600; n++)
        {
            Report(order, n);
            var before = TwinJournal.MarkOf(order);
            Assert.Single(TwinJournal.NewOutcomes(order, rows.Written));
            Assert.Single(TwinJournal.NewLines(order, rows.Written));
            var json = rows.Save(order);
            Assert.Equal(before, rows.Written);
            Assert.InRange(json.Length, 0, first.Length + 64); // counters grow by digits, nothing else
        }

        Assert.Equal(602, order.Ledger.Entries.Count);
        Assert.Equal(602, rows.Ledger.Count);
        Assert.Equal(200, rows.History.Count); // the rest were cut with the writes that pushed them out
    }

    [Fact]
    public void A_twin_read_back_from_its_rows_answers_old_request_ids_as_duplicates_and_numbers_on()
    {
        var order = Order(ledger: 100, history: 50);
        var rows = new Rows();
        string json = rows.Save(order);
        for (var n = 0; n < 250; n++)
        {
            Report(order, n);
            json = rows.Save(order);
        }

        var back = rows.Load(json, ledger: 100, history: 50);
        Assert.Equal(order.Operations[0].Good, back.Operations[0].Good);
        Assert.Equal(order.Ledger.Entries, back.Ledger.Entries);
        Assert.Equal(order.History.Lines, back.History.Lines);
        Assert.Equal(order.Ledger.LastSequence, back.Ledger.LastSequence);
        Assert.NotNull(back.Replay(new CommandMeta("r249", "c")));
        Assert.NotNull(back.Replay(new CommandMeta("r150", "c")));
        Assert.Null(back.Replay(new CommandMeta("r149", "c"))); // beyond the ledger's bound of 100, as before

        var retry = back.Execute(new CommandMeta("r200", "c"), T0, "ReportProduction", () => back.Report(10, 1, 0, T0));
        Assert.True(retry.Succeeded);
        Assert.Equal(250m, back.Operations[0].Good);
        Report(back, 250);
        Assert.Equal([(order.Ledger.LastSequence + 1, back.Ledger.Entries[^1])], TwinJournal.NewOutcomes(back, rows.Written));
        Assert.Equal(order.History.LastSequence + 1, Assert.Single(TwinJournal.NewLines(back, rows.Written)).Sequence);
    }

    [Fact]
    public void A_twin_stored_whole_before_rows_existed_writes_everything_it_holds_with_its_first_write()
    {
        var order = Order(ledger: 100, history: 50);
        for (var n = 0; n < 30; n++)
        {
            Report(order, n);
        }

        // The whole form, as written before the ledger had a counter.
        var whole = JsonSerializer.Serialize(order).Replace($",\"LastSequence\":{order.Ledger.LastSequence}}}", "}", StringComparison.Ordinal);
        Assert.NotEqual(JsonSerializer.Serialize(order), whole);
        var legacy = JsonSerializer.Deserialize<WorkOrderTwin>(whole)!;
        legacy.ApplyLimits(50, 100);
        Assert.Equal(0, legacy.Ledger.LastSequence);
        var rows = new Rows { Written = TwinJournal.NothingWritten(legacy) };
        Assert.Equal(32, TwinJournal.NewOutcomes(legacy, rows.Written).Count);
        Assert.Equal(32, TwinJournal.NewLines(legacy, rows.Written).Count);

        var json = rows.Save(legacy);
        var back = rows.Load(json, ledger: 100, history: 50);
        Assert.Equal(order.Ledger.Entries, back.Ledger.Entries);
        Assert.Equal(order.History.Lines, back.History.Lines);
        Assert.NotNull(back.Replay(new CommandMeta("create", "c")));
    }
}
