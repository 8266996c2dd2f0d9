using System.Text;
using Twin.Erp.Transactions;

namespace Twin.Erp.Posting;

/// <summary>
/// Which events accumulate into one ERP document. Production (good) and scrap of one work-order operation share a
/// group; consumption of one order, item, lot and source location is a group, as is an order's receipt into one lot
/// and location. Everything else (stock moves, purchase receipts, goods issues, stock scrap, lot transfers, quality
/// holds and releases) is posted as its own document: one event, one business fact.
/// </summary>
public static class ErpPostingGroups
{
    /// <summary>The posting group of <paramref name="source"/>, or null when it is posted alone, at once.</summary>
    public static string? KeyOf(ErpTransaction source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return source switch
        {
            { Kind: ErpTransactionKind.ProductionConfirmation or ErpTransactionKind.Scrap, WorkOrder: { } order, Operation: { } operation } =>
                Key("operation", order, operation, source.Item, source.Unit),
            { Kind: ErpTransactionKind.MaterialConsumption, WorkOrder: { } order } =>
                Key("consumption", order, source.Item, source.Lot, source.FromLocation, source.Unit),
            { Kind: ErpTransactionKind.GoodsReceipt, WorkOrder: { } order } =>
                Key("receipt", order, source.Item, source.Lot, source.ToLocation, source.Unit),
            _ => null,
        };
    }

    // Length-prefixed parts: ids may contain any separator, and ("ab","c") must not equal ("a","bc").
    private static string Key(params string?[] parts)
    {
        var text = new StringBuilder();
        foreach (var part in parts)
        {
            var value = part ?? string.Empty;
            text.Append(value.Length).Append(':').Append(value).Append(';');
        }

        return text.ToString();
    }
}
