using System.Globalization;
using System.Text.Json;
using Twin.Erp.Inbound;

namespace Twin.Erp.Sap;

/// <summary>
/// Reads <c>A_ProductionOrder_2</c> entities (OData V2 JSON: <c>{"d":{"results":[…]}}</c>, decimals as strings, instants
/// as <c>/Date(ms+offset)/</c>, flags as booleans) into <see cref="ErpProductionOrder"/>. Status from the flags, most
/// final first: deleted → cancelled, closed, technically complete, released, else not released.
/// </summary>
internal static class SapOrderReader
{
    public static List<ErpProductionOrder> Read(string body)
    {
        using var document = JsonDocument.Parse(body);
        if (!document.RootElement.TryGetProperty("d", out var d) || !d.TryGetProperty("results", out var results) || results.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("the answer has no d.results list");
        }

        return results.EnumerateArray().Select(Order).ToList();
    }

    private static ErpProductionOrder Order(JsonElement e)
    {
        var order = Required(e, "ManufacturingOrder");
        var state = Flag(e, "OrderIsMarkedForDeletion") || Flag(e, "OrderIsDeleted") ? ErpOrderState.Cancelled
            : Flag(e, "OrderIsClosed") ? ErpOrderState.Closed
            : Flag(e, "OrderIsTechnicallyCompleted") ? ErpOrderState.Completed
            : Flag(e, "OrderIsReleased") ? ErpOrderState.Released
            : ErpOrderState.NotReleased;
        return new ErpProductionOrder
        {
            Order = order,
            Plant = Required(e, "ProductionPlant"),
            Material = Required(e, "Material"),
            Quantity = Decimal(e, "TotalQuantity", order),
            Unit = Required(e, "ProductionUnit"),
            State = state,
            ChangedAt = Instant(Required(e, "LastChangeDateTime"), order),
            Operations = Results(e, "to_ProductionOrderOperation").Select(o => Operation(o, order)).ToList(),
            Components = Results(e, "to_ProductionOrderComponent").Select(c => new ErpOrderComponent(
                Required(c, "Material"), Decimal(c, "RequiredQuantity", order), Required(c, "BaseUnit"),
                Optional(c, "StorageLocation"), Optional(c, "ManufacturingOrderOperation"))).ToList(),
        };
    }

    // Standard value 1 (machine time) per operation reference quantity, in the unit SAP gives (S, MIN, H).
    private static ErpOrderOperation Operation(JsonElement o, string order)
    {
        var perBase = Optional(o, "WorkCenterStandardWorkQty1") is { } value ? Decimal(o, "WorkCenterStandardWorkQty1", order) : 0m;
        var baseQuantity = Optional(o, "OperationReferenceQuantity") is { } reference ? Decimal(o, "OperationReferenceQuantity", order) : 1m;
        var unitSeconds = (Optional(o, "WorkCenterStandardWorkQtyUnit1") ?? "S").ToUpperInvariant() switch
        {
            "S" or "SEC" => 1m,
            "MIN" => 60m,
            "H" or "HR" => 3600m,
            var other => throw new FormatException($"order {order}: standard value unit '{other}' is not S, MIN or H"),
        };
        var seconds = baseQuantity > 0 ? perBase * unitSeconds / baseQuantity : 0m;
        return new ErpOrderOperation(Required(o, "ManufacturingOrderOperation"), Required(o, "WorkCenter"), TimeSpan.FromSeconds((double)seconds));
    }

    private static IEnumerable<JsonElement> Results(JsonElement e, string navigation) =>
        e.TryGetProperty(navigation, out var nav) && nav.TryGetProperty("results", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray()
            : [];

    private static bool Flag(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && (v.ValueKind == JsonValueKind.True || (v.ValueKind == JsonValueKind.String && v.GetString() == "X"));

    private static string? Optional(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s ? s : null;

    private static string Required(JsonElement e, string name) =>
        Optional(e, name) ?? throw new FormatException($"a production order has no {name}");

    private static decimal Decimal(JsonElement e, string name, string order) =>
        decimal.TryParse(Optional(e, name) ?? "0", NumberStyles.Number, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"order {order}: {name} '{Optional(e, name)}' is not a decimal");

    // "/Date(1764756000000)/" or "/Date(1764756000000+0060)/" (offset in minutes; the milliseconds are UTC either way).
    private static DateTimeOffset Instant(string text, string order)
    {
        if (text.StartsWith("/Date(", StringComparison.Ordinal) && text.EndsWith(")/", StringComparison.Ordinal))
        {
            var inner = text[6..^2];
            var end = inner.IndexOfAny(['+', '-'], 1);
            if (long.TryParse(end < 0 ? inner : inner[..end], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ms))
            {
                return DateTimeOffset.FromUnixTimeMilliseconds(ms);
            }
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var iso)
            ? iso
            : throw new FormatException($"order {order}: LastChangeDateTime '{text}' is not an Edm.DateTimeOffset");
    }
}
