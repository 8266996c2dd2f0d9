using System.Globalization;
using Microsoft.Extensions.Options;
using SapSimulator.OData;
using Twin.Samples.OData;
using Twin.Samples.Orders;

namespace SapSimulator.Orders;

/// <summary>
/// SAP's <c>A_ProductionOrder_2</c> over the simulator's <see cref="OrderBook"/> (seeded from settings; released,
/// changed, completed, closed or deleted through /admin). Queries take <c>$filter</c>, <c>$orderby</c>
/// (LastChangeDateTime and ManufacturingOrder), <c>$top</c>, <c>$skip</c> and <c>$expand</c> of operations and components.
/// </summary>
public sealed class ProductionOrderBook
{
    public ProductionOrderBook(IOptions<SapSimulatorOptions> options, TimeProvider time)
    {
        Book = new OrderBook(time);
        foreach (var order in options.Value.ProductionOrders)
        {
            Book.Release(order);
        }
    }

    public OrderBook Book { get; }

    public ODataAnswer Query(IQueryCollection query)
    {
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
        var rows = Book.Select(e => filter.Matches(name => Property(e, name)), orderBy.StartsWith("LastChangeDateTime", StringComparison.Ordinal), skip, top, e => ToJson(e, expand));
        return ODataAnswer.List(rows);
    }

    private static object? Property(OrderEntry e, string name) => name switch
    {
        "ManufacturingOrder" => e.Order.Order,
        "ProductionPlant" => e.Order.Plant,
        "Material" => e.Order.Material,
        "LastChangeDateTime" => e.ChangedAt,
        "OrderIsReleased" => e.Released,
        "OrderIsClosed" => e.Closed,
        "OrderIsTechnicallyCompleted" => e.Completed,
        "OrderIsMarkedForDeletion" => e.Deleted,
        _ => null,
    };

    private static Dictionary<string, object?> ToJson(OrderEntry e, HashSet<string> expand)
    {
        var order = e.Order;
        var row = new Dictionary<string, object?>
        {
            ["ManufacturingOrder"] = order.Order,
            ["ProductionPlant"] = order.Plant,
            ["Material"] = order.Material,
            ["TotalQuantity"] = Decimal(order.Quantity),
            ["ProductionUnit"] = order.Unit,
            ["OrderIsReleased"] = e.Released,
            ["OrderIsTechnicallyCompleted"] = e.Completed,
            ["OrderIsClosed"] = e.Closed,
            ["OrderIsMarkedForDeletion"] = e.Deleted,
            ["LastChangeDateTime"] = $"/Date({e.ChangedAt.ToUnixTimeMilliseconds()}+0000)/",
        };
        if (expand.Contains("to_ProductionOrderOperation"))
        {
            row["to_ProductionOrderOperation"] = new
            {
                results = order.Operations.Select(o => new Dictionary<string, object?>
                {
                    ["ManufacturingOrder"] = order.Order,
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
                results = order.Components.Select(c => new Dictionary<string, object?>
                {
                    ["ManufacturingOrder"] = order.Order,
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
