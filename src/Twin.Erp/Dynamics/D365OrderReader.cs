using System.Globalization;
using System.Text.Json;
using Twin.Erp.Inbound;

namespace Twin.Erp.Dynamics;

/// <summary>
/// Reads the production order entities (OData V4 JSON <c>{"value":[…]}</c>, numbers as numbers, instants ISO 8601)
/// into <see cref="ErpProductionOrder"/>. Status from <c>ProductionOrderStatus</c>: Released and StartedUp →
/// released, ReportedFinished → completed, Ended → closed, anything before release → not released.
/// </summary>
internal static class D365OrderReader
{
    public static List<JsonElement> Values(JsonDocument document) =>
        document.RootElement.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Array
            ? [.. value.EnumerateArray()]
            : throw new FormatException("the answer has no value list");

    public static ErpProductionOrder Order(JsonElement header, IEnumerable<JsonElement> operations, IEnumerable<JsonElement> lines)
    {
        var order = Text(header, "ProductionOrderNumber");
        return new ErpProductionOrder
        {
            Order = order,
            Plant = Text(header, "dataAreaId"),
            Material = Text(header, "ItemNumber"),
            Quantity = Number(header, "ScheduledQuantity", order),
            Unit = Text(header, "ProductionUnitSymbol"),
            State = Text(header, "ProductionOrderStatus") switch
            {
                "Released" or "StartedUp" => ErpOrderState.Released,
                "ReportedFinished" => ErpOrderState.Completed,
                "Ended" => ErpOrderState.Closed,
                _ => ErpOrderState.NotReleased,
            },
            ChangedAt = header.TryGetProperty("ModifiedDateTime", out var at) && at.TryGetDateTimeOffset(out var changed)
                ? changed
                : throw new FormatException($"order {order}: ModifiedDateTime is missing or not an instant"),
            Operations = operations
                .Select(o => new ErpOrderOperation(
                    Number(o, "OperationNumber", order).ToString(CultureInfo.InvariantCulture),
                    Text(o, "OperationsResourceId"),
                    TimeSpan.FromHours((double)Number(o, "ProcessTimeHours", order))))
                .ToList(),
            Components = lines
                .Select(l => new ErpOrderComponent(
                    Text(l, "ItemNumber"), Number(l, "EstimatedBOMLineQuantity", order), Text(l, "BOMUnitSymbol"),
                    Optional(l, "ProductionWarehouseId"),
                    l.TryGetProperty("RouteOperationNumber", out var op) && op.ValueKind == JsonValueKind.Number && op.GetInt32() > 0
                        ? op.GetInt32().ToString(CultureInfo.InvariantCulture) : null))
                .ToList(),
        };
    }

    public static string Text(JsonElement e, string name) =>
        Optional(e, name) ?? throw new FormatException($"a production order entity has no {name}");

    private static string? Optional(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s ? s : null;

    private static decimal Number(JsonElement e, string name, string order) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetDecimal(out var d)
            ? d
            : throw new FormatException($"order {order}: {name} is missing or not a number");
}
