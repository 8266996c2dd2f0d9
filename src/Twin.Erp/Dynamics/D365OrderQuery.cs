using System.Globalization;

namespace Twin.Erp.Dynamics;

/// <summary>
/// OData V4 queries of the production order data entities: headers of one company changed after a keyset position
/// (ModifiedDateTime, ProductionOrderNumber) in that order, one more than the page (to know whether more follow); then
/// the route operations and bill-of-material lines of exactly those orders, one request each.
/// </summary>
internal static class D365OrderQuery
{
    public const string Headers = "ProductionOrderHeaders";
    public const string RouteOperations = "ProductionOrderRouteOperations";
    public const string BomLines = "ProductionOrderBillOfMaterialLines";

    public static string ChangedAfter(string company, Inbound.ErpOrderWatermark? after, int pageSize)
    {
        var filter = $"dataAreaId eq {Text(company)}";
        if (after is not null)
        {
            var at = after.ChangedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
            filter += $" and (ModifiedDateTime gt {at} or (ModifiedDateTime eq {at} and ProductionOrderNumber gt {Text(after.Order)}))";
        }

        return Headers + "?cross-company=true&$filter=" + Uri.EscapeDataString(filter)
            + "&$orderby=" + Uri.EscapeDataString("ModifiedDateTime asc,ProductionOrderNumber asc")
            + "&$top=" + (pageSize + 1).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Lines of <paramref name="entity"/> belonging to <paramref name="orders"/> of <paramref name="company"/>.</summary>
    public static string LinesOf(string entity, string company, IEnumerable<string> orders) =>
        entity + "?cross-company=true&$filter=" + Uri.EscapeDataString(
            $"dataAreaId eq {Text(company)} and (" + string.Join(" or ", orders.Select(o => $"ProductionOrderNumber eq {Text(o)}")) + ")");

    private static string Text(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
