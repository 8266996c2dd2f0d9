namespace Twin.Erp.Stock;

/// <summary>
/// Compares location twins' stock with the ERP's, page by page, and reports a difference only when it is settled: the
/// same item and lot at the same location showed the same two quantities in the previous run too. A movement on its
/// way to the ERP (queued, in a posting window, a move in transit) makes the two sides differ for a moment; by the next
/// run one side has moved and the difference is not confirmed, while a receipt the ERP rejected stays different run
/// after run. Memory is bounded: at most <c>maxTracked</c> differences are remembered between runs.
/// </summary>
public sealed class StockReconciler(int maxTracked = 10_000)
{
    private Dictionary<(string Location, string Item, string Lot), (decimal Twin, decimal Erp)> _previous = [];
    private Dictionary<(string Location, string Item, string Lot), (decimal Twin, decimal Erp)> _current = [];
    private readonly List<StockMismatch> _confirmed = [];

    /// <summary>Differences confirmed in the run so far (or, after <see cref="EndRun"/>, in the last run).</summary>
    public IReadOnlyList<StockMismatch> Confirmed => _confirmed;

    /// <summary>Differences seen in this run for the first time (or with other quantities): confirmed or cleared by the next run.</summary>
    public int Unconfirmed { get; private set; }

    /// <summary>Starts a run: differences of the last run become what this run confirms against.</summary>
    public void BeginRun()
    {
        _confirmed.Clear();
        _current = new(_previous.Count);
        Unconfirmed = 0;
    }

    /// <summary>
    /// Compares one page: <paramref name="twin"/> is the stock of the page's locations as the twins hold it,
    /// <paramref name="erp"/> the ERP's answer for the same locations. Lines are summed per location, item and lot
    /// (stock statuses together); a line only one side has counts as zero on the other.
    /// </summary>
    public void Compare(IEnumerable<ErpStockLine> twin, IEnumerable<ErpStockLine> erp)
    {
        ArgumentNullException.ThrowIfNull(twin);
        ArgumentNullException.ThrowIfNull(erp);
        var sides = new Dictionary<(string Location, string Item, string Lot), (decimal Twin, decimal Erp, string? Unit)>();
        foreach (var line in twin)
        {
            var key = (line.Location, line.Item, line.Lot ?? string.Empty);
            var now = sides.GetValueOrDefault(key);
            sides[key] = (now.Twin + line.Quantity, now.Erp, now.Unit ?? line.Unit);
        }

        foreach (var line in erp)
        {
            var key = (line.Location, line.Item, line.Lot ?? string.Empty);
            var now = sides.GetValueOrDefault(key);
            sides[key] = (now.Twin, now.Erp + line.Quantity, now.Unit ?? line.Unit);
        }

        foreach (var (key, side) in sides)
        {
            if (side.Twin == side.Erp)
            {
                continue;
            }

            if (_previous.TryGetValue(key, out var before) && before.Twin == side.Twin && before.Erp == side.Erp)
            {
                _confirmed.Add(new StockMismatch(key.Location, key.Item, key.Lot.Length == 0 ? null : key.Lot, side.Twin, side.Erp, side.Unit));
            }
            else
            {
                Unconfirmed++;
            }

            if (_current.Count < maxTracked)
            {
                _current[key] = (side.Twin, side.Erp);
            }
        }
    }

    /// <summary>Ends a run: its differences are what the next run confirms against.</summary>
    public void EndRun() => _previous = _current;

    /// <summary>Forgets the differences of an interrupted run (the ERP stopped answering midway): the next run starts clean against the last whole one.</summary>
    public void AbandonRun()
    {
        _current = [];
        _confirmed.Clear();
        Unconfirmed = 0;
    }
}
