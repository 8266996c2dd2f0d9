using System.Text.Json;
using System.Text.RegularExpressions;
using SapSimulator.OData;

namespace SapSimulator.Booking;

/// <summary>
/// API_PROD_ORDER_CONFIRMATION_2_SRV: create a confirmation (ProdnOrdConf2) with its goods movements — the deep-inserted
/// <c>to_ProdnOrdConfMatlDocItm</c> items, else a backflush of the order's components marked Backflush — find confirmations by
/// ExternalSystemConfirmation, read a confirmation's material document items, and read its goods movements that failed
/// into the error pool (<see cref="FailedMovementSet"/>: the simulator's own read of SAP's COGI, not a verified SAP entity set).
/// </summary>
public sealed partial class ConfirmationService(MasterDataCheck check, SimulatorLedger ledger, Faults.SimulatorFaults faults, Orders.ProductionOrderBook orders)
{
    public const string Name = "API_PROD_ORDER_CONFIRMATION_2_SRV";
    public const string EntitySet = "ProdnOrdConf2";
    public const string ItemNavigation = "to_ProdnOrdConfMatlDocItm";
    public const string FailedMovementSet = "ProdnOrdConfFailedGdsMvt";

    private static readonly string[] ItemFields =
        ["Material", "Plant", "StorageLocation", "Batch", "GoodsMovementType", "GoodsMovementRefDocType", "OrderItem", "EntryUnit", "QuantityInEntryUnit"];

    private static readonly string[] Fields =
    [
        "OrderID", "OrderOperation", "Sequence", "Plant", "WorkCenter", "ConfirmationUnit", "ConfirmationYieldQuantity",
        "ConfirmationScrapQuantity", "ConfirmationReworkQuantity", "VarianceReasonCode", "FinalConfirmationType",
        "PostingDate", "ConfirmationText", "ExternalSystemConfirmation",
    ];

    public (PreparedPosting? Posting, ODataAnswer? Error) Prepare(string json)
    {
        using var document = JsonDocument.Parse(json);
        var e = document.RootElement;
        var order = MasterDataCheck.Text(e, "OrderID");
        var plant = MasterDataCheck.Text(e, "Plant");
        var (yield, yieldError) = MasterDataCheck.Quantity(MasterDataCheck.Text(e, "ConfirmationYieldQuantity"), "ConfirmationYieldQuantity", allowZero: true);
        var (scrap, scrapError) = MasterDataCheck.Quantity(MasterDataCheck.Text(e, "ConfirmationScrapQuantity"), "ConfirmationScrapQuantity", allowZero: true);
        var (_, dateError) = check.PostingDate(MasterDataCheck.Text(e, "PostingDate"));
        var error = check.Order(order) ?? (plant is null ? null : check.Plant(plant)) ?? yieldError ?? scrapError ?? dateError
            ?? (yield + scrap == 0 ? ODataAnswer.Error(400, SimulatorMessages.BadQuantity, "Enter a yield, scrap or rework quantity") : null)
            ?? (string.IsNullOrEmpty(MasterDataCheck.Text(e, "OrderOperation")) ? ODataAnswer.Error(400, SimulatorMessages.BadRequest, "OrderOperation is required") : null);
        if (error is not null)
        {
            return (null, error);
        }

        var entity = Fields.ToDictionary(f => f, f => (object?)MasterDataCheck.Text(e, f));
        var final = MasterDataCheck.Text(e, "FinalConfirmationType") == "X";
        var movements = GoodsMovements(e, order!, plant, yield + scrap);
        var year = check.PostingDate(MasterDataCheck.Text(e, "PostingDate")).Date.Year;
        var lockKeys = movements.Select(m => $"material:{m["Plant"]}:{m["Material"]}").Prepend($"order:{order}").Distinct(StringComparer.Ordinal).ToList();
        return (new PreparedPosting(lockKeys, () =>
        {
            var booked = ledger.AddConfirmation(entity);
            // The confirmation posts whatever its goods movements do; the failed ones wait in the error pool (SAP's COGI).
            var failed = movements.Where(m => faults.InErrorPool(m["Material"] as string)).ToList();
            foreach (var m in failed)
            {
                m["MessageID"] = SimulatorMessages.StockDeficit;
                m["MessageText"] = $"Deficit of SL Unrestricted-use {m["QuantityInEntryUnit"]} {m["EntryUnit"]} : {m["Material"]} {m["Plant"]} {m["StorageLocation"]}";
            }

            ledger.AddGoodsMovements(booked, movements.Except(failed).ToList(), failed, year);
            var answer = ODataAnswer.Entity(201, booked);
            // SAP reports such remarks in the sap-message header of a success.
            return final
                ? answer with { SapMessage = JsonSerializer.Serialize(new { code = SimulatorMessages.QuantityWarning, message = $"Operation {booked["OrderOperation"]} of order {order} finally confirmed", severity = "warning" }) }
                : answer;
        }), null);
    }

    /// <summary>Whether a GET of <paramref name="path"/> (before '?') is read here.</summary>
    public static bool Serves(string path) =>
        path is EntitySet or FailedMovementSet || ItemsPath().IsMatch(path);

    /// <summary>Deep-inserted items, or (none sent) the order's backflushed components scaled to the confirmed quantity, as 261s.</summary>
    private List<Dictionary<string, object?>> GoodsMovements(JsonElement e, string order, string? plant, decimal confirmed)
    {
        if (e.TryGetProperty(ItemNavigation, out var nav) && nav.TryGetProperty("results", out var results) && results.ValueKind == JsonValueKind.Array)
        {
            return results.EnumerateArray().Select(i => ItemFields.ToDictionary(f => f, f => (object?)MasterDataCheck.Text(i, f))).ToList();
        }

        if (orders.Book.BillOf(order) is not { Quantity: > 0 } bill)
        {
            return [];
        }

        return bill.Components.Where(c => c.Backflush).Select(c => new Dictionary<string, object?>
        {
            ["Material"] = c.Material,
            ["Plant"] = plant,
            ["StorageLocation"] = c.StorageLocation,
            ["Batch"] = null,
            ["GoodsMovementType"] = "261",
            ["GoodsMovementRefDocType"] = null,
            ["OrderItem"] = null,
            ["EntryUnit"] = c.Unit,
            ["QuantityInEntryUnit"] = (c.Quantity * confirmed / bill.Quantity).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture),
        }).ToList();
    }

    public ODataAnswer Query(ODataOperation operation)
    {
        if (ItemsPath().Match(operation.EntitySet) is { Success: true } items)
        {
            return ODataAnswer.List(ledger.MaterialDocumentItemsOf(items.Groups[1].Value, items.Groups[2].Value));
        }

        if (operation.EntitySet == FailedMovementSet)
        {
            var of = ByConfirmation().Match(operation.Query);
            return of.Success
                ? ODataAnswer.List(ledger.ErrorPoolOf(of.Groups[1].Value, of.Groups[2].Value))
                : ODataAnswer.Error(400, SimulatorMessages.BadRequest, $"{FailedMovementSet} is read per confirmation: $filter=ConfirmationGroup eq '...' and ConfirmationCount eq '...'");
        }

        var match = ByExternalKey().Match(operation.Query);
        return match.Success
            ? ODataAnswer.List(ledger.LookUp(ledger.ConfirmationsWith(match.Groups[1].Value)))
            : ODataAnswer.List(ledger.Confirmations.Take(100));
    }

    [GeneratedRegex(@"^ProdnOrdConf2\(ConfirmationGroup='(\d+)',ConfirmationCount='(\d+)'\)/to_ProdnOrdConfMatlDocItm$")]
    private static partial Regex ItemsPath();

    [GeneratedRegex(@"\$filter=ConfirmationGroup eq '(\d+)' and ConfirmationCount eq '(\d+)'")]
    private static partial Regex ByConfirmation();

    [GeneratedRegex(@"\$filter=ExternalSystemConfirmation eq guid'([0-9a-fA-F-]{36})'")]
    private static partial Regex ByExternalKey();
}
