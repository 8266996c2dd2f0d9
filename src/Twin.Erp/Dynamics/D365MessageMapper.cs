using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Twin.Erp.Mapping;
using Twin.Erp.Transactions;

namespace Twin.Erp.Dynamics;

/// <summary>
/// Maps Twin documents onto D365's MES messages: good and scrap quantities become route cards (good / error quantity
/// on the operation), consumption a picking list, order receipts a report as finished (batch, inventory status,
/// warehouse and location; <c>EndJob</c> and a following order end when the order was completed). Plant → company,
/// location → warehouse (or "warehouse/location"), unit and order numbers go through the mapping tables; our key rides
/// in the content (<see cref="D365ConnectorOptions.IdempotencyField"/>). Kinds the MES messages do not carry are refused
/// with a reason (<see cref="ErpMappingException"/>), never posted half-right.
/// </summary>
internal sealed class D365MessageMapper(ErpMapping mapping, D365ConnectorOptions options)
{
    public D365Document Map(int index, ErpTransaction t)
    {
        var company = mapping.Plant(t.Plant);
        var workOrder = t.WorkOrder ?? throw new ErpMappingException($"{Describe(t)} names no work order; every D365 MES message is booked against a production order");
        var order = mapping.Order(workOrder);
        var messages = new List<D365Message>(2);
        switch (t.Kind)
        {
            case ErpTransactionKind.ProductionConfirmation:
                messages.Add(RouteCard(t, company, order, workOrder, good: t.Quantity, error: 0));
                break;
            case ErpTransactionKind.Scrap:
                messages.Add(RouteCard(t, company, order, workOrder, good: 0, error: t.Quantity));
                break;
            case ErpTransactionKind.MaterialConsumption:
                messages.Add(PickingList(t, company, order));
                break;
            case ErpTransactionKind.GoodsReceipt:
                messages.Add(ReportFinished(t, company, order));
                if (t.Final && options.EndOrders)
                {
                    messages.Add(OrderMessage(D365MessageType.End, company, order));
                }

                break;
            default:
                throw new ErpMappingException(
                    $"the d365-scm connector does not post {Describe(t)}: D365's MES messages carry only route cards, picking lists and reports as finished (holds ride on the inventory status of the report as finished)");
        }

        return new D365Document(index, t.IdempotencyKey, company, order, messages);
    }

    /// <summary>The order start the connector sends before the first message of an order; its key depends on the order only.</summary>
    public D365Message Start(string company, string order) => OrderMessage(D365MessageType.Start, company, order);

    private D365Message RouteCard(ErpTransaction t, string company, string order, string workOrder, decimal good, decimal error)
    {
        var operation = mapping.Operation(workOrder, t.Operation ?? throw new ErpMappingException($"{Describe(t)} names no operation; a route card is booked on one"));
        if (!int.TryParse(operation, NumberStyles.None, CultureInfo.InvariantCulture, out var operationNumber))
        {
            throw new ErpMappingException($"operation '{operation}' of work order {workOrder} is not a D365 operation number (digits only); map it in {ErpMappingOptions.SectionName}:WorkOrders");
        }

        var line = new JsonObject
        {
            ["OperationNumber"] = operationNumber,
            ["GoodQuantity"] = error == 0 ? good : 0,
            ["ErrorQuantity"] = error,
            ["ConsumptionDate"] = Date(t.OccurredAt),
            ["OperationCompleted"] = t.Final ? "Yes" : "No",
        };
        if (error > 0)
        {
            line["ErrorCause"] = options.ScrapErrorCause;
        }

        return Message(t, company, D365MessageType.RouteCard, new JsonObject
        {
            ["ProductionOrderNumber"] = order,
            ["RouteCardLines"] = new JsonArray(line),
        });
    }

    private D365Message PickingList(ErpTransaction t, string company, string order)
    {
        var (warehouse, location) = Warehouse(t.FromLocation, t, "FromLocation");
        var line = new JsonObject
        {
            ["ItemNumber"] = t.Item,
            ["ConsumptionBOMQuantity"] = t.Quantity,
            ["BOMUnitSymbol"] = mapping.Unit(t.Unit),
            ["ProductionWarehouseId"] = warehouse,
            ["ConsumptionDate"] = Date(t.OccurredAt),
        };
        AddOptional(line, "LocationId", location);
        AddOptional(line, "ItemBatchNumber", t.Lot);
        return Message(t, company, D365MessageType.PickingList, new JsonObject
        {
            ["ProductionOrderNumber"] = order,
            ["PickingListLines"] = new JsonArray(line),
        });
    }

    private D365Message ReportFinished(ErpTransaction t, string company, string order)
    {
        var (warehouse, location) = Warehouse(t.ToLocation, t, "ToLocation");
        var line = new JsonObject
        {
            ["ItemNumber"] = t.Item,
            ["ReportedGoodQuantity"] = t.Quantity,
            ["ReportedErrorQuantity"] = 0m,
            ["UnitOfMeasureSymbol"] = mapping.Unit(t.Unit),
            ["InventoryStatusId"] = mapping.StockType("Unrestricted", options.AvailableInventoryStatus),
            ["ProductionWarehouseId"] = warehouse,
            ["ReportAsFinishedDate"] = Date(t.OccurredAt),
            ["EndJob"] = t.Final ? "Yes" : "No",
        };
        AddOptional(line, "LocationId", location);
        AddOptional(line, "ItemBatchNumber", t.Lot);
        return Message(t, company, D365MessageType.ReportFinished, new JsonObject
        {
            ["ProductionOrderNumber"] = order,
            ["ReportFinishedLines"] = new JsonArray(line),
        });
    }

    private D365Message OrderMessage(string type, string company, string order)
    {
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"twin-d365-v1|{type}|{company.Length}:{company}|{order}")));
        var content = new JsonObject { ["ProductionOrderNumber"] = order, [options.IdempotencyField] = key };
        return new D365Message(key, type, Envelope(company, type, content), AlwaysLookUp: true);
    }

    private D365Message Message(ErpTransaction t, string company, string type, JsonObject content)
    {
        content[options.IdempotencyField] = t.IdempotencyKey;
        return new D365Message(t.IdempotencyKey, type, Envelope(company, type, content));
    }

    private string Envelope(string company, string type, JsonObject content) => new JsonObject
    {
        ["_companyId"] = company,
        ["_messageQueue"] = options.MessageQueue,
        ["_messageType"] = type,
        // D365 takes the message itself as a JSON string inside the envelope.
        ["_messageContent"] = content.ToJsonString(),
    }.ToJsonString();

    /// <summary>A mapped location is a warehouse, or "warehouse/location" when the plant books to locations.</summary>
    private (string Warehouse, string? Location) Warehouse(string? location, ErpTransaction t, string field)
    {
        var mapped = mapping.Location(location ?? throw new ErpMappingException($"{Describe(t)} has no {field}; D365 needs the warehouse"));
        var slash = mapped.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? (mapped, null) : (mapped[..slash], mapped[(slash + 1)..]);
    }

    private static void AddOptional(JsonObject line, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            line[name] = value;
        }
    }

    private static string Date(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Describe(ErpTransaction t) => $"{t.Kind} of {t.Item}";
}
