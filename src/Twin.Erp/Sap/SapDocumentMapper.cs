using System.Globalization;
using System.Text.Json.Nodes;
using Twin.Erp.Mapping;
using Twin.Erp.Transactions;

namespace Twin.Erp.Sap;

/// <summary>
/// Maps Twin documents onto SAP's: good and scrap quantities become production confirmations (ProdnOrdConf2, our key
/// in ExternalSystemConfirmation); consumption (261), order receipts (101), transfers (311) and quality holds and
/// releases (344/343 or 322/321) become material documents (our key in ReferenceDocument and the header text). Plant,
/// location, unit and order numbers go through the mapping tables. Kinds SAP takes through other processes are refused
/// with a reason (<see cref="ErpMappingException"/>), never posted half-right.
/// </summary>
internal sealed class SapDocumentMapper(ErpMapping mapping, SapConnectorOptions options)
{
    private const string ConfirmationSet = "ProdnOrdConf2";
    private const string MaterialDocumentSet = "A_MaterialDocumentHeader";

    // SAP's confirmation text is 40 characters.
    private const int ConfirmationTextLength = 40;

    public SapDocument Map(int index, ErpTransaction t) => t.Kind switch
    {
        ErpTransactionKind.ProductionConfirmation => Confirmation(index, t, yield: t.Quantity, scrap: 0),
        ErpTransactionKind.Scrap => Confirmation(index, t, yield: 0, scrap: t.Quantity),
        ErpTransactionKind.MaterialConsumption when t.WorkOrder is not null =>
            Movement(index, t, SapMovementType.CodeGoodsIssue, SapMovementType.IssueToOrder, Required(t.FromLocation, t, "FromLocation"), null, order: true),
        ErpTransactionKind.GoodsReceipt when t.WorkOrder is not null =>
            Movement(index, t, SapMovementType.CodeReceiptForOrder, SapMovementType.ReceiptFromOrder, Required(t.ToLocation, t, "ToLocation"), null, order: true),
        ErpTransactionKind.StockMove =>
            Movement(index, t, SapMovementType.CodeTransferPosting, SapMovementType.TransferBetweenLocations, Required(t.FromLocation, t, "FromLocation"), Required(t.ToLocation, t, "ToLocation"), order: false),
        ErpTransactionKind.QualityHold =>
            Movement(index, t, SapMovementType.CodeTransferPosting, options.HoldStock == SapHoldStock.Blocked ? SapMovementType.UnrestrictedToBlocked : SapMovementType.UnrestrictedToQuality, HeldAt(t), null, order: false),
        ErpTransactionKind.QualityRelease =>
            Movement(index, t, SapMovementType.CodeTransferPosting, options.HoldStock == SapHoldStock.Blocked ? SapMovementType.BlockedToUnrestricted : SapMovementType.QualityToUnrestricted, HeldAt(t), null, order: false),
        _ => throw new ErpMappingException(
            $"the sap-s4 connector does not post {Describe(t)}: SAP books it through another process (purchase order, delivery or a movement type the plant must agree on)"),
    };

    private SapDocument Confirmation(int index, ErpTransaction t, decimal yield, decimal scrap)
    {
        var workOrder = Required(t.WorkOrder, t, "WorkOrder");
        var order = mapping.Order(workOrder);
        var body = new JsonObject
        {
            ["OrderID"] = order,
            ["OrderOperation"] = mapping.Operation(workOrder, Required(t.Operation, t, "Operation")),
            ["Plant"] = mapping.Plant(t.Plant),
            ["ConfirmationUnit"] = mapping.Unit(t.Unit),
            ["ConfirmationYieldQuantity"] = Decimal(yield),
            ["ConfirmationScrapQuantity"] = Decimal(scrap),
            ["FinalConfirmationType"] = t.Final ? "X" : string.Empty,
            ["PostingDate"] = Date(t.OccurredAt),
            ["ExternalSystemConfirmation"] = SapIdempotency.ConfirmationGuid(t.IdempotencyKey),
        };
        if (t.Reason is { Length: > 0 } reason)
        {
            body["ConfirmationText"] = reason.Length <= ConfirmationTextLength ? reason : reason[..ConfirmationTextLength];
        }

        var lookup = $"{ConfirmationSet}?$filter=ExternalSystemConfirmation%20eq%20guid'{SapIdempotency.ConfirmationGuid(t.IdempotencyKey)}'&$select=ConfirmationGroup,ConfirmationCount";
        return new SapDocument(index, t.IdempotencyKey, SapService.Confirmation, ConfirmationSet, body.ToJsonString(), lookup, [$"order:{order}"], t);
    }

    private SapDocument Movement(int index, ErpTransaction t, string code, string movementType, string location, string? toLocation, bool order)
    {
        var plant = mapping.Plant(t.Plant);
        var item = new JsonObject
        {
            ["Material"] = t.Item,
            ["Plant"] = plant,
            ["StorageLocation"] = mapping.Location(location),
            ["GoodsMovementType"] = movementType,
            ["EntryUnit"] = mapping.Unit(t.Unit),
            ["QuantityInEntryUnit"] = Decimal(t.Quantity),
        };
        if (t.Lot is { Length: > 0 } lot)
        {
            item["Batch"] = lot;
        }

        var locks = new List<string> { $"material:{plant}:{t.Item}" };
        if (order)
        {
            var sapOrder = mapping.Order(t.WorkOrder!);
            item["ManufacturingOrder"] = sapOrder;
            locks.Add($"order:{sapOrder}");
            if (movementType == SapMovementType.ReceiptFromOrder)
            {
                item["GoodsMovementRefDocType"] = "F";
                if (mapping.StockType("Unrestricted", string.Empty) is { Length: > 0 } stockType)
                {
                    item["InventoryStockType"] = stockType;
                }
            }
        }

        if (toLocation is not null)
        {
            item["IssuingOrReceivingPlant"] = plant;
            item["IssuingOrReceivingStorageLoc"] = mapping.Location(toLocation);
        }

        var date = Date(t.OccurredAt);
        var body = new JsonObject
        {
            ["GoodsMovementCode"] = code,
            ["PostingDate"] = date,
            ["DocumentDate"] = date,
            ["ReferenceDocument"] = SapIdempotency.ReferenceDocument(t.IdempotencyKey),
            ["MaterialDocumentHeaderText"] = SapIdempotency.HeaderText(t.IdempotencyKey),
            ["to_MaterialDocumentItem"] = new JsonObject { ["results"] = new JsonArray(item) },
        };
        var lookup = $"{MaterialDocumentSet}?$filter=ReferenceDocument%20eq%20'{SapIdempotency.ReferenceDocument(t.IdempotencyKey)}'&$select=MaterialDocumentYear,MaterialDocument";
        return new SapDocument(index, t.IdempotencyKey, SapService.MaterialDocument, MaterialDocumentSet, body.ToJsonString(), lookup, locks, t);
    }

    private static string HeldAt(ErpTransaction t) =>
        t.FromLocation ?? t.ToLocation ?? throw new ErpMappingException($"{Describe(t)} names no location; SAP needs the storage location of the held stock");

    private static string Required(string? value, ErpTransaction t, string field) =>
        string.IsNullOrEmpty(value) ? throw new ErpMappingException($"{Describe(t)} has no {field}, which SAP needs") : value;

    private static string Describe(ErpTransaction t) => $"{t.Kind} of {t.Quantity} {t.Unit} {t.Item}";

    // OData V2 JSON: decimals as strings, Edm.DateTime as /Date(ms)/ (the posting day, midnight UTC).
    private static string Decimal(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Date(DateTimeOffset at) => $"/Date({new DateTimeOffset(at.UtcDateTime.Date, TimeSpan.Zero).ToUnixTimeMilliseconds()})/";
}
