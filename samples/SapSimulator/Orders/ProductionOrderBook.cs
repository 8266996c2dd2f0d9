using System.Globalization;
using Microsoft.Extensions.Options;
using SapSimulator.OData;
using Twin.Samples.OData;

namespace SapSimulator.Orders;

/// <summary>
/// The production orders SAP holds (<c>A_ProductionOrder_2</c>): seeded from settings, released, changed, completed,
/// closed or deleted through /admin. Every change stamps <c>LastChangeDateTime</c>, so a delta query finds it. Queries
/// take <c>$filter</c>, <c>$orderby</c> (LastChangeDateTime and ManufacturingOrder), <c>$top</c>, <c>$skip</c> and
/// <c>$expand</c> of operations and components.
/// </summary>
public sealed class ProductionOrderBook
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Entry> _orders = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private long _queries;

    public ProductionOrderBook(IOptions<SapSimulatorOptions> options, TimeProvider time)
    {
        _time = time;
        foreach (var order in options.Value.ProductionOrders)
        {
            Release(order);
        }
    }

    /// <summary>Queries answered (figures and tests).</summary>
    public long Queries => Interlocked.Read(ref _queries);

    public void Release(SimulatedOrder order)
    {
        lock (_gate)
        {
            _orders[order.Order] = new Entry(order) { Released = true, ChangedAt = Stamp() };
        }
    }

    /// <summary>False when the order is unknown.</summary>
    public bool Change(string order, OrderChange change) => Update(order, e =>
    {
        e.Order.Quantity = change.Quantity ?? e.Order.Quantity;
        e.Order.Operations = change.Operations ?? e.Order.Operations;
        e.Order.Components = change.Components ?? e.Order.Components;
    });

    public bool Complete(string order) => Update(order, e => e.TechnicallyCompleted = true);

    public bool Close(string order) => Update(order, e => e.Closed = true);

    public bool Delete(string order) => Update(order, e => e.Deleted = true);

    /// <summary>Null when SAP would take a confirmation on the order; else why not (unknown, closed, deleted).</summary>
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

    public bool Knows(string order)
    {
        lock (_gate)
        {
            return _orders.ContainsKey(order);
        }
    }

    public ODataAnswer Query(IQueryCollection query)
    {
        Interlocked.Increment(ref _queries);
        ODataFilter filter;
        try
        {
            filter = ODataFilter.Parse(query["$filter"]);
        }
        catch (FormatException ex)
        {
            return ODataAnswer.Error(400, SimulatorMessages.BadRequest, ex.Message);
        }

        var orderBy = query["$orderby"].ToString();
        if (orderBy.Length > 0 && orderBy.Replace(" asc", string.Empty, StringComparison.Ordinal) is not ("LastChangeDateTime,ManufacturingOrder" or "ManufacturingOrder"))
        {
            return ODataAnswer.Error(400, SimulatorMessages.BadRequest, $"$orderby '{orderBy}' is not supported here");
        }

        var top = int.TryParse(query["$top"], CultureInfo.InvariantCulture, out var t) ? Math.Clamp(t, 0, 5000) : 5000;
        var skip = int.TryParse(query["$skip"], CultureInfo.InvariantCulture, out var s) ? Math.Max(0, s) : 0;
        var expand = query["$expand"].ToString().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        List<Dictionary<string, object?>> rows;
        lock (_gate)
        {
            var matching = _orders.Values.Where(e => filter.Matches(e.Property));
            matching = orderBy.StartsWith("LastChangeDateTime", StringComparison.Ordinal)
                ? matching.OrderBy(e => e.ChangedAt).ThenBy(e => e.Order.Order, StringComparer.Ordinal)
                : matching.OrderBy(e => e.Order.Order, StringComparer.Ordinal);
            rows = matching.Skip(skip).Take(top).Select(e => e.ToJson(expand)).ToList();
        }

        return ODataAnswer.List(rows);
    }

    private bool Update(string order, Action<Entry> change)
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

    // SAP keeps change times to the second or finer; here to the millisecond, like the JSON carries them.
    private DateTimeOffset Stamp() => DateTimeOffset.FromUnixTimeMilliseconds(_time.GetUtcNow().ToUnixTimeMilliseconds());

    private sealed class Entry(SimulatedOrder order)
    {
        public SimulatedOrder Order { get; } = order;

        public bool Released { get; set; }

        public bool TechnicallyCompleted { get; set; }

        public bool Closed { get; set; }

        public bool Deleted { get; set; }

        public DateTimeOffset ChangedAt { get; set; }

        public object? Property(string name) => name switch
        {
            "ManufacturingOrder" => Order.Order,
            "ProductionPlant" => Order.Plant,
            "Material" => Order.Material,
            "LastChangeDateTime" => ChangedAt,
            "OrderIsReleased" => Released,
            "OrderIsClosed" => Closed,
            "OrderIsTechnicallyCompleted" => TechnicallyCompleted,
            "OrderIsMarkedForDeletion" => Deleted,
            _ => null,
        };

        public Dictionary<string, object?> ToJson(HashSet<string> expand)
        {
            var row = new Dictionary<string, object?>
            {
                ["ManufacturingOrder"] = Order.Order,
                ["ProductionPlant"] = Order.Plant,
                ["Material"] = Order.Material,
                ["TotalQuantity"] = Decimal(Order.Quantity),
                ["ProductionUnit"] = Order.Unit,
                ["OrderIsReleased"] = Released,
                ["OrderIsTechnicallyCompleted"] = TechnicallyCompleted,
                ["OrderIsClosed"] = Closed,
                ["OrderIsMarkedForDeletion"] = Deleted,
                ["LastChangeDateTime"] = $"/Date({ChangedAt.ToUnixTimeMilliseconds()}+0000)/",
            };
            if (expand.Contains("to_ProductionOrderOperation"))
            {
                row["to_ProductionOrderOperation"] = new
                {
                    results = Order.Operations.Select(o => new Dictionary<string, object?>
                    {
                        ["ManufacturingOrder"] = Order.Order,
                        ["ManufacturingOrderOperation"] = o.Operation,
                        ["WorkCenter"] = o.WorkCenter,
                        ["OperationReferenceQuantity"] = "1",
                        ["WorkCenterStandardWorkQty1"] = Decimal(o.StandardSeconds),
                        ["WorkCenterStandardWorkQtyUnit1"] = "S",
                    }).ToList(),
                };
            }

            if (expand.Contains("to_ProductionOrderComponent"))
            {
                row["to_ProductionOrderComponent"] = new
                {
                    results = Order.Components.Select(c => new Dictionary<string, object?>
                    {
                        ["ManufacturingOrder"] = Order.Order,
                        ["Material"] = c.Material,
                        ["RequiredQuantity"] = Decimal(c.Quantity),
                        ["BaseUnit"] = c.Unit,
                        ["StorageLocation"] = c.StorageLocation ?? string.Empty,
                        ["ManufacturingOrderOperation"] = c.Operation ?? string.Empty,
                    }).ToList(),
                };
            }

            return row;
        }

        private static string Decimal(decimal value) => value.ToString("0.000", CultureInfo.InvariantCulture);
    }
}
