using System.Globalization;
using System.Text;
using ErpSimulator.Booking;

namespace ErpSimulator;

/// <summary>Says what a document means on the shop floor, for log lines a planner can read.</summary>
public static class PlantWords
{
    public static string KindName(string kind) => kind switch
    {
        TransactionKinds.ProductionConfirmation => "production confirmation",
        TransactionKinds.MaterialConsumption => "material consumption",
        TransactionKinds.Scrap => "scrap",
        TransactionKinds.GoodsReceipt => "goods receipt",
        TransactionKinds.StockMove => "stock move",
        TransactionKinds.QualityHold => "quality hold",
        TransactionKinds.QualityRelease => "quality release",
        TransactionKinds.GoodsIssue => "goods issue",
        TransactionKinds.ScrapFromStock => "scrap from stock",
        TransactionKinds.LotTransfer => "lot transfer",
        _ => kind,
    };

    /// <summary>E.g. "production confirmation 1200 pcs of FG-100 for work order 4711 op 10".</summary>
    public static string Describe(BookedDocument d)
    {
        if (d.Kind is TransactionKinds.QualityHold or TransactionKinds.QualityRelease)
        {
            // A hold is on a lot, not on a quantity: "quality hold on lot L-7 of FG-100 (blocked: burrs)".
            var hold = new StringBuilder(KindName(d.Kind)).Append(" on lot ").Append(d.Lot).Append(" of ").Append(d.Item);
            return d.Reason is null ? hold.ToString() : hold.Append(" (").Append(d.Reason).Append(')').ToString();
        }

        var text = new StringBuilder(KindName(d.Kind)).Append(' ')
            .Append(d.Quantity.ToString("0.###", CultureInfo.InvariantCulture)).Append(' ').Append(d.Unit)
            .Append(" of ").Append(d.Item);
        if (d.Lot is not null)
        {
            text.Append(" lot ").Append(d.Lot);
        }

        if (d.ToLot is not null)
        {
            text.Append(" into lot ").Append(d.ToLot);
        }

        if (d.WorkOrder is not null)
        {
            text.Append(" for work order ").Append(d.WorkOrder);
            if (d.Operation is not null)
            {
                text.Append(" op ").Append(d.Operation);
            }
        }

        if (d.FromLocation is not null)
        {
            text.Append(" from ").Append(d.FromLocation);
        }

        if (d.ToLocation is not null)
        {
            text.Append(d.Kind == TransactionKinds.GoodsReceipt ? " into " : " to ").Append(d.ToLocation);
        }

        if (d.Reason is not null)
        {
            text.Append(" (").Append(d.Reason).Append(')');
        }

        if (d.Final)
        {
            text.Append(", final confirmation");
        }

        return text.ToString();
    }
}
