using System.Text.Json;
using System.Text.RegularExpressions;
using SapSimulator.OData;

namespace SapSimulator.Booking;

/// <summary>API_MATERIAL_DOCUMENT_SRV: create a material document with its items (deep insert), find documents by ReferenceDocument.</summary>
public sealed partial class MaterialDocumentService(MasterDataCheck check, SimulatorLedger ledger)
{
    public const string Name = "API_MATERIAL_DOCUMENT_SRV";
    public const string EntitySet = "A_MaterialDocumentHeader";

    private static readonly HashSet<string> MovementTypes = ["101", "261", "311", "343", "344", "321", "322"];
    private static readonly HashSet<string> OrderMovements = ["101", "261"];

    private static readonly string[] HeaderFields = ["GoodsMovementCode", "PostingDate", "DocumentDate", "ReferenceDocument", "MaterialDocumentHeaderText"];

    private static readonly string[] ItemFields =
    [
        "Material", "Plant", "StorageLocation", "Batch", "GoodsMovementType", "InventoryStockType", "ManufacturingOrder",
        "IssuingOrReceivingPlant", "IssuingOrReceivingStorageLoc", "EntryUnit", "QuantityInEntryUnit", "GoodsMovementRefDocType",
    ];

    public (PreparedPosting? Posting, ODataAnswer? Error) Prepare(string json)
    {
        using var document = JsonDocument.Parse(json);
        var e = document.RootElement;
        var (date, dateError) = check.PostingDate(MasterDataCheck.Text(e, "PostingDate"));
        if (dateError is not null)
        {
            return (null, dateError);
        }

        if (!e.TryGetProperty("to_MaterialDocumentItem", out var items) || !items.TryGetProperty("results", out var list) || list.GetArrayLength() == 0)
        {
            return (null, ODataAnswer.Error(400, SimulatorMessages.BadRequest, "A material document needs at least one item"));
        }

        var locks = new List<string>();
        var bookedItems = new List<Dictionary<string, object?>>();
        foreach (var item in list.EnumerateArray())
        {
            var material = MasterDataCheck.Text(item, "Material");
            var plant = MasterDataCheck.Text(item, "Plant");
            var movement = MasterDataCheck.Text(item, "GoodsMovementType");
            var order = MasterDataCheck.Text(item, "ManufacturingOrder");
            var toLocation = MasterDataCheck.Text(item, "IssuingOrReceivingStorageLoc");
            var (_, quantityError) = MasterDataCheck.Quantity(MasterDataCheck.Text(item, "QuantityInEntryUnit"), "QuantityInEntryUnit", allowZero: false);
            var error = (movement is null || !MovementTypes.Contains(movement) ? ODataAnswer.Error(400, SimulatorMessages.BadRequest, $"Movement type {movement} is not allowed here") : null)
                ?? check.Plant(plant) ?? check.Material(material, plant) ?? check.StorageLocation(MasterDataCheck.Text(item, "StorageLocation"), plant)
                ?? (toLocation is null ? null : check.StorageLocation(toLocation, plant))
                ?? (OrderMovements.Contains(movement!) ? check.Order(order) : null)
                ?? quantityError;
            if (error is not null)
            {
                return (null, error);
            }

            locks.Add($"material:{plant}:{material}");
            if (order is not null)
            {
                locks.Add($"order:{order}");
            }

            bookedItems.Add(ItemFields.ToDictionary(f => f, f => (object?)MasterDataCheck.Text(item, f)));
        }

        var entity = HeaderFields.ToDictionary(f => f, f => (object?)MasterDataCheck.Text(e, f));
        entity["to_MaterialDocumentItem"] = new { results = bookedItems };
        return (new PreparedPosting(locks.Distinct().ToList(), () => ODataAnswer.Entity(201, ledger.AddMaterialDocument(entity, date.Year))), null);
    }

    public ODataAnswer Query(ODataOperation operation)
    {
        var match = ByReference().Match(operation.Query);
        return match.Success
            ? ODataAnswer.List(ledger.LookUp(ledger.MaterialDocumentsWith(match.Groups[1].Value)))
            : ODataAnswer.List(ledger.MaterialDocuments.Take(100));
    }

    [GeneratedRegex(@"\$filter=ReferenceDocument eq '([^']{1,16})'")]
    private static partial Regex ByReference();
}
