using System.Globalization;
using Microsoft.Extensions.Options;
using Twin.Samples.OData;
using Twin.Samples.Orders;

namespace D365Simulator.Orders;

/// <summary>
/// D365's production order data entities over the simulator's <see cref="OrderBook"/>: <c>ProductionOrderHeaders</c>,
/// <c>ProductionOrderRouteOperations</c> and <c>ProductionOrderBillOfMaterialLines</c>, OData V4 JSON
/// (<c>{"value":[…]}</c>), with <c>$filter</c>, <c>$orderby</c> (ModifiedDateTime, ProductionOrderNumber), <c>$top</c>, <c>$skip</c>.
/// The order's plant is its company (<c>dataAreaId</c>).
/// </summary>
public sealed class ProductionOrderEntities
{
    public ProductionOrderEntities(IOptions<D365SimulatorOptions> options, TimeProvider time)
    {
        Book = new OrderBook(time);
        foreach (var order in options.Value.ProductionOrders)
        {
            Book.Release(order);
        }
    }

    public OrderBook Book { get; }

    public IResult Query(string entity, IQueryCollection query)
    {
        ODataFilter filter;
        try
        {
            filter = ODataFilter.Parse(query["$filter"]);
        }
        catch (FormatException ex)
        {
            return Error(ex.Message);
        }

        var top = int.TryParse(query["$top"], CultureInfo.InvariantCulture, out var t) ? Math.Clamp(t, 0, 10_000) : 10_000;
        var skip = int.TryParse(query["$skip"], CultureInfo.InvariantCulture, out var s) ? Math.Max(0, s) : 0;
        var byChange = query["$orderby"].ToString().StartsWith("ModifiedDateTime", StringComparison.Ordinal);
        return entity switch
        {
            "ProductionOrderHeaders" => Results.Json(new { value = Book.Select(e => filter.Matches(n => Header(e, n)), byChange, skip, top, e => HeaderJson(e)) }),
            "ProductionOrderRouteOperations" => Results.Json(new
            {
                value = Book.Select(e => filter.Matches(n => Header(e, n)), false, 0, int.MaxValue, e => e)
                    .SelectMany(e => e.Order.Operations.Select(o => new Dictionary<string, object?>
                    {
                        ["dataAreaId"] = e.Order.Plant,
                        ["ProductionOrderNumber"] = e.Order.Order,
                        ["OperationNumber"] = int.Parse(o.Operation, CultureInfo.InvariantCulture),
                        ["OperationsResourceId"] = o.WorkCenter,
                        ["ProcessTimeHours"] = o.StandardSeconds / 3600m,
                    })).Skip(skip).Take(top).ToList(),
            }),
            "ProductionOrderBillOfMaterialLines" => Results.Json(new
            {
                value = Book.Select(e => filter.Matches(n => Header(e, n)), false, 0, int.MaxValue, e => e)
                    .SelectMany(e => e.Order.Components.Select(c => new Dictionary<string, object?>
                    {
                        ["dataAreaId"] = e.Order.Plant,
                        ["ProductionOrderNumber"] = e.Order.Order,
                        ["ItemNumber"] = c.Material,
                        ["EstimatedBOMLineQuantity"] = c.Quantity,
                        ["BOMUnitSymbol"] = c.Unit,
                        ["ProductionWarehouseId"] = c.StorageLocation ?? string.Empty,
                        ["RouteOperationNumber"] = c.Operation is { Length: > 0 } op ? int.Parse(op, CultureInfo.InvariantCulture) : 0,
                    })).Skip(skip).Take(top).ToList(),
            }),
            _ => Results.Json(new { error = new { code = "", message = $"No HTTP resource was found that matches the request URI 'data/{entity}'." } }, statusCode: 404),
        };
    }

    private static string Status(OrderEntry e) =>
        e.Closed || e.Deleted ? "Ended" : e.Completed ? "ReportedFinished" : e.Released ? "Released" : "Created";

    private static object? Header(OrderEntry e, string name) => name switch
    {
        "dataAreaId" => e.Order.Plant,
        "ProductionOrderNumber" => e.Order.Order,
        "ItemNumber" => e.Order.Material,
        "ModifiedDateTime" => e.ChangedAt,
        "ProductionOrderStatus" => Status(e),
        _ => null,
    };

    private static Dictionary<string, object?> HeaderJson(OrderEntry e) => new()
    {
        ["dataAreaId"] = e.Order.Plant,
        ["ProductionOrderNumber"] = e.Order.Order,
        ["ItemNumber"] = e.Order.Material,
        ["ScheduledQuantity"] = e.Order.Quantity,
        ["ProductionUnitSymbol"] = e.Order.Unit,
        ["ProductionOrderStatus"] = Status(e),
        ["ModifiedDateTime"] = e.ChangedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
    };

    private static IResult Error(string message) => Results.Json(new { error = new { code = "", message } }, statusCode: 400);
}
