using System.Text.Json;
using System.Text.RegularExpressions;
using SapSimulator.OData;

namespace SapSimulator.Booking;

/// <summary>API_PROD_ORDER_CONFIRMATION_2_SRV: create a confirmation (ProdnOrdConf2), find confirmations by ExternalSystemConfirmation.</summary>
public sealed partial class ConfirmationService(MasterDataCheck check, SimulatorLedger ledger)
{
    public const string Name = "API_PROD_ORDER_CONFIRMATION_2_SRV";
    public const string EntitySet = "ProdnOrdConf2";

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
        return (new PreparedPosting([$"order:{order}"], () =>
        {
            var booked = ledger.AddConfirmation(entity);
            var answer = ODataAnswer.Entity(201, booked);
            // SAP reports such remarks in the sap-message header of a success.
            return final
                ? answer with { SapMessage = JsonSerializer.Serialize(new { code = SimulatorMessages.QuantityWarning, message = $"Operation {booked["OrderOperation"]} of order {order} finally confirmed", severity = "warning" }) }
                : answer;
        }), null);
    }

    public ODataAnswer Query(ODataOperation operation)
    {
        var match = ByExternalKey().Match(operation.Query);
        return match.Success
            ? ODataAnswer.List(ledger.LookUp(ledger.ConfirmationsWith(match.Groups[1].Value)))
            : ODataAnswer.List(ledger.Confirmations.Take(100));
    }

    [GeneratedRegex(@"\$filter=ExternalSystemConfirmation eq guid'([0-9a-fA-F-]{36})'")]
    private static partial Regex ByExternalKey();
}
