namespace Twin.Samples.Orders;

/// <summary>
/// The production orders an ERP simulator holds and their lifecycle: released (created or replaced), changed,
/// completed, closed, deleted. Every change stamps the order's change time (milliseconds, as the JSON carries it), so a
/// delta query finds it. Each simulator projects the entries onto its ERP's entities.
/// </summary>
public sealed class OrderBook(TimeProvider time)
{
    private readonly object _gate = new();
    private readonly Dictionary<string, OrderEntry> _orders = new(StringComparer.Ordinal);
    private long _queries;

    /// <summary>Queries answered (figures and tests).</summary>
    public long Queries => Interlocked.Read(ref _queries);

    public void Release(SimulatedOrder order)
    {
        lock (_gate)
        {
            _orders[order.Order] = new OrderEntry(order) { Released = true, ChangedAt = Stamp() };
        }
    }

    /// <summary>False when the order is unknown.</summary>
    public bool Change(string order, OrderChange change) => Update(order, e =>
    {
        e.Order.Quantity = change.Quantity ?? e.Order.Quantity;
        e.Order.Operations = change.Operations ?? e.Order.Operations;
        e.Order.Components = change.Components ?? e.Order.Components;
    });

    public bool Complete(string order) => Update(order, e => e.Completed = true);

    public bool Close(string order) => Update(order, e => e.Closed = true);

    public bool Delete(string order) => Update(order, e => e.Deleted = true);

    /// <summary>Null when the ERP would take a posting on the order; else why not (unknown, closed, deleted).</summary>
    public string? WhyNotPostable(string order)
    {
        lock (_gate)
        {
            return !_orders.TryGetValue(order, out var e) ? $"Order {order} does not exist"
                : e.Deleted ? $"Order {order} is flagged for deletion"
                : e.Closed ? $"Order {order} is closed; no postings are allowed"
                : null;
        }
    }

    /// <summary>The order's quantity and a copy of its components (what a confirmation backflushes), or null when unknown.</summary>
    public (decimal Quantity, List<SimulatedComponent> Components)? BillOf(string order)
    {
        lock (_gate)
        {
            return _orders.TryGetValue(order, out var e) ? (e.Order.Quantity, e.Order.Components.ToList()) : null;
        }
    }

    public bool Knows(string order)
    {
        lock (_gate)
        {
            return _orders.ContainsKey(order);
        }
    }

    /// <summary>
    /// Projections of the entries that pass <paramref name="filter"/>, by (change time, number) or by number, paged.
    /// Counted as one query.
    /// </summary>
    public List<T> Select<T>(Func<OrderEntry, bool> filter, bool byChangeTime, int skip, int top, Func<OrderEntry, T> project)
    {
        Interlocked.Increment(ref _queries);
        lock (_gate)
        {
            var matching = _orders.Values.Where(filter);
            matching = byChangeTime
                ? matching.OrderBy(e => e.ChangedAt).ThenBy(e => e.Order.Order, StringComparer.Ordinal)
                : matching.OrderBy(e => e.Order.Order, StringComparer.Ordinal);
            return matching.Skip(skip).Take(top).Select(project).ToList();
        }
    }

    private bool Update(string order, Action<OrderEntry> change)
    {
        lock (_gate)
        {
            if (!_orders.TryGetValue(order, out var e))
            {
                return false;
            }

            change(e);
            e.ChangedAt = Stamp();
            return true;
        }
    }

    private DateTimeOffset Stamp() => DateTimeOffset.FromUnixTimeMilliseconds(time.GetUtcNow().ToUnixTimeMilliseconds());
}

/// <summary>One order and where it stands.</summary>
public sealed class OrderEntry(SimulatedOrder order)
{
    public SimulatedOrder Order { get; } = order;

    public bool Released { get; set; }

    public bool Completed { get; set; }

    public bool Closed { get; set; }

    public bool Deleted { get; set; }

    public DateTimeOffset ChangedAt { get; set; }
}
