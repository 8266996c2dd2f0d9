namespace Twin.Domain;

/// <summary>
/// A twin's request ledger and history are append-only and bounded (up to 1,000 outcomes and 200 lines): rewriting
/// them whole with every change made a busy work order's write 98–177 KB for a one-line change (erp-e2e, issue 10).
/// This splits a twin into its own fields (small, rewritten per change) and what its ledger and history gained
/// since the last write (appended as rows), and puts it back together from the rows a store kept. Pure data
/// handling, no storage: the store decides where rows go.
/// </summary>
public static class TwinJournal
{
    /// <summary>Where the twin's ledger and history stand now: after a write of everything up to here.</summary>
    public static JournalMark MarkOf(TwinRecord twin) => new(twin.Ledger.LastSequence, twin.History.LastSequence);

    /// <summary>
    /// The mark of a twin read in the whole form (ledger and history inside its own fields, as stored before rows):
    /// everything it holds is still to be written as rows.
    /// </summary>
    public static JournalMark NothingWritten(TwinRecord twin)
    {
        twin.Ledger.EnsureSequenced();
        var lines = twin.History.Lines;
        return new(twin.Ledger.LastSequence - twin.Ledger.Entries.Count, lines.Count > 0 ? lines[0].Sequence - 1 : twin.History.LastSequence);
    }

    /// <summary>Outcomes remembered after <paramref name="since"/>, oldest first, with their sequence numbers.</summary>
    public static IReadOnlyList<(long Sequence, CommandOutcome Outcome)> NewOutcomes(TwinRecord twin, JournalMark since)
    {
        var ledger = twin.Ledger;
        var count = (int)Math.Clamp(ledger.LastSequence - since.Ledger, 0, ledger.Entries.Count);
        var first = ledger.Entries.Count - count;
        return Enumerable.Range(first, count).Select(i => (ledger.SequenceOf(i), ledger.Entries[i])).ToArray();
    }

    /// <summary>History lines appended after <paramref name="since"/>, oldest first.</summary>
    public static IReadOnlyList<HistoryLine> NewLines(TwinRecord twin, JournalMark since)
    {
        var lines = twin.History.Lines;
        var first = lines.Count;
        while (first > 0 && lines[first - 1].Sequence > since.History)
        {
            first--;
        }

        return lines.GetRange(first, lines.Count - first);
    }

    /// <summary>Rows at or below this mark have left the twin's bounds: a store may drop them.</summary>
    public static JournalMark Horizon(TwinRecord twin) =>
        new(twin.Ledger.LastSequence - Math.Max(1, twin.Ledger.Capacity), twin.History.LastSequence - Math.Max(1, twin.History.Capacity));

    /// <summary>
    /// Runs <paramref name="write"/> (the serializer of the twin's own fields) with the ledger entries and history
    /// lines taken out, so they are not written again; the counters stay in, so sequence numbers continue.
    /// </summary>
    public static TResult WithoutRows<TResult>(TwinRecord twin, Func<TResult> write)
    {
        var entries = twin.Ledger.Entries;
        var lines = twin.History.Lines;
        twin.Ledger.Entries = [];
        twin.History.Lines = [];
        try
        {
            return write();
        }
        finally
        {
            twin.Ledger.Entries = entries;
            twin.History.Lines = lines;
        }
    }

    /// <summary>
    /// Puts a twin read from its own fields back together with the rows a store kept (oldest first). A twin stored in
    /// the whole form before rows existed has no rows and keeps what its fields hold.
    /// </summary>
    public static void Restore(TwinRecord twin, IReadOnlyList<(long Sequence, CommandOutcome Outcome)> outcomes, IReadOnlyList<HistoryLine> lines)
    {
        if (outcomes.Count > 0)
        {
            twin.Ledger.Restore(outcomes.Select(o => o.Outcome).ToArray(), Math.Max(twin.Ledger.LastSequence, outcomes[^1].Sequence));
        }

        if (lines.Count > 0)
        {
            twin.History.Restore(lines);
        }

        twin.Ledger.EnsureSequenced();
    }
}

/// <summary>Sequence numbers of a twin's ledger and history (see <see cref="TwinJournal"/>).</summary>
public readonly record struct JournalMark(long Ledger, long History);
