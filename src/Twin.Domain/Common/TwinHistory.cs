namespace Twin.Domain;

/// <summary>A twin's bounded history, oldest first. The bound keeps a busy machine's state small; the full
/// record lives downstream (twin-changes stream, ERP).</summary>
public sealed class TwinHistory
{
    public int Capacity { get; set; } = 200;

    public long LastSequence { get; set; }

    public List<HistoryLine> Lines { get; set; } = [];

    // withRequestId: false for a note whose request id is a one-off event id nobody asks by (a signal batch); its
    // correlation id still names the flow.
    public HistoryLine Append(DateTimeOffset at, string command, string change, CommandMeta meta, bool succeeded, bool withRequestId = true)
    {
        // A flow's lines share one correlation id: keep one instance of it, not a copy per line (each message brings its own).
        var correlation = Lines.Count > 0 && string.Equals(Lines[^1].CorrelationId, meta.CorrelationId, StringComparison.Ordinal)
            ? Lines[^1].CorrelationId
            : meta.CorrelationId;
        var line = new HistoryLine(++LastSequence, at, command, change, withRequestId ? meta.RequestId : null, correlation, meta.User, succeeded);
        Lines.Add(line);
        var excess = Lines.Count - Math.Max(1, Capacity);
        if (excess > 0)
        {
            Lines.RemoveRange(0, excess);
        }
        SmallLists.Fit(Lines);
        return line;
    }

    /// <summary>Replaces the lines with <paramref name="lines"/> (oldest first), keeping the newest <see cref="Capacity"/>.</summary>
    public void Restore(IReadOnlyList<HistoryLine> lines)
    {
        Lines = lines.Skip(Math.Max(0, lines.Count - Math.Max(1, Capacity))).ToList();
        if (Lines.Count > 0 && Lines[^1].Sequence > LastSequence)
        {
            LastSequence = Lines[^1].Sequence;
        }
    }

    /// <summary>The newest <paramref name="max"/> lines, oldest first.</summary>
    public IReadOnlyList<HistoryLine> Newest(int max) =>
        max <= 0 ? [] : Lines.Skip(Math.Max(0, Lines.Count - max)).ToArray();
}
