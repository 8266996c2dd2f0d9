using System.Globalization;
using System.Text.Json;
using Twin.Erp.Connector;
using Twin.Erp.Mapping;
using Twin.Erp.Transactions;

namespace Twin.Erp.Sap;

/// <summary>
/// Reads the error-pool entries of one confirmation (<c>{"d":{"results":[...]}}</c>; per entry <c>Material</c>,
/// <c>Plant</c>, <c>StorageLocation</c>, <c>Batch</c>, <c>GoodsMovementType</c>, <c>EntryUnit</c>,
/// <c>QuantityInEntryUnit</c>, <c>MessageID</c>, <c>MessageText</c>) into Twin documents: a 101 as the order's goods
/// receipt, anything else as consumption for the order. Their keys derive from the confirmation's key and the
/// movement, so a second read files nothing new; a replay of one posts it as a material document.
/// </summary>
internal static class SapFailedGoodsMovements
{
    public static IReadOnlyList<ErpFailedGoodsMovement> Read(string body, ErpTransaction confirmation, string confirmationNumber, ErpMapping mapping)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"not JSON: {ex.Message}", ex);
        }

        using (document)
        {
            if (!document.RootElement.TryGetProperty("d", out var d) || !d.TryGetProperty("results", out var results) || results.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException("no d.results list");
            }

            var failed = new List<ErpFailedGoodsMovement>();
            foreach (var entry in results.EnumerateArray())
            {
                failed.Add(Movement(entry, confirmation, confirmationNumber, mapping));
            }

            return failed;
        }
    }

    private static ErpFailedGoodsMovement Movement(JsonElement e, ErpTransaction confirmation, string confirmationNumber, ErpMapping mapping)
    {
        var material = Text(e, "Material") ?? throw new FormatException("an error-pool entry names no Material");
        var type = Text(e, "GoodsMovementType") ?? string.Empty;
        var location = Text(e, "StorageLocation");
        var batch = Text(e, "Batch");
        var kind = type == SapMovementType.ReceiptFromOrder ? ErpTransactionKind.GoodsReceipt : ErpTransactionKind.MaterialConsumption;
        var twinLocation = location is { Length: > 0 } ? Reverse(() => mapping.TwinLocation(location), location) : null;
        var quantity = decimal.TryParse(Text(e, "QuantityInEntryUnit"), NumberStyles.Number, CultureInfo.InvariantCulture, out var q) ? q : 0m;
        var unit = Text(e, "EntryUnit") is { Length: > 0 } erpUnit ? Reverse(() => mapping.TwinUnit(erpUnit), erpUnit) : confirmation.Unit;
        var message = Text(e, "MessageID") is { Length: > 0 } id ? $"{id}: {Text(e, "MessageText")}" : Text(e, "MessageText") ?? "no message text";
        var transaction = new ErpTransaction
        {
            IdempotencyKey = ErpIdempotencyKey.Derive(kind, [confirmation.IdempotencyKey], $"sap-error-pool|{type}|{material}|{location}|{batch}"),
            Kind = kind,
            Plant = confirmation.Plant,
            WorkOrder = confirmation.WorkOrder,
            Operation = confirmation.Operation,
            Item = material,
            Lot = batch is { Length: > 0 } ? batch : null,
            Quantity = quantity,
            Unit = unit,
            FromLocation = kind == ErpTransactionKind.MaterialConsumption ? twinLocation : null,
            ToLocation = kind == ErpTransactionKind.GoodsReceipt ? twinLocation : null,
            CorrelationId = confirmation.CorrelationId,
            SourceEventIds = [confirmation.IdempotencyKey],
            OccurredAt = confirmation.OccurredAt,
        };
        return new ErpFailedGoodsMovement(transaction,
            $"SAP booked confirmation {confirmationNumber} but did not post its goods movement {type} of {quantity.ToString(CultureInfo.InvariantCulture)} {unit} {material} (error pool, COGI): {message}. Post it in SAP (COGI) or replay this dead letter, not both");
    }

    /// <summary>Twin's name of an SAP code when the mapping has one, else SAP's code as it came.</summary>
    private static string Reverse(Func<string> twin, string sap)
    {
        try
        {
            return twin();
        }
        catch (ErpMappingException)
        {
            return sap;
        }
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
