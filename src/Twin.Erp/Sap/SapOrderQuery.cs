using System.Globalization;

namespace Twin.Erp.Sap;

/// <summary>
/// The OData V2 query of changed production orders: keyset on (LastChangeDateTime, ManufacturingOrder) — later, or the
/// same instant and a higher number — in that order, one more than the page asks (to know whether more follow), with
/// operations and components expanded so a page is one request.
/// </summary>
internal static class SapOrderQuery
{
    public const string EntitySet = "A_ProductionOrder_2";

    public static string ChangedAfter(string erpPlant, Inbound.ErpOrderWatermark? after, int pageSize)
    {
        var filter = $"ProductionPlant eq {Text(erpPlant)}";
        if (after is not null)
        {
            var at = Instant(after.ChangedAt);
            filter += $" and (LastChangeDateTime gt {at} or (LastChangeDateTime eq {at} and ManufacturingOrder gt {Text(after.Order)}))";
        }

        return EntitySet
            + "?$filter=" + Uri.EscapeDataString(filter)
            + "&$orderby=" + Uri.EscapeDataString("LastChangeDateTime asc,ManufacturingOrder asc")
            + "&$top=" + (pageSize + 1).ToString(CultureInfo.InvariantCulture)
            + "&$expand=to_ProductionOrderOperation,to_ProductionOrderComponent";
    }

    // OData V2 literals: strings in single quotes (a quote doubled), instants as datetimeoffset'…'.
    private static string Text(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static string Instant(DateTimeOffset at) => $"datetimeoffset'{at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture)}'";
}
