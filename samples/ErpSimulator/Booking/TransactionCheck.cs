using ErpSimulator.MasterData;

namespace ErpSimulator.Booking;

/// <summary>The business checks a real ERP makes before booking; each failure is a reason a planner can act on.</summary>
public static class TransactionCheck
{
    /// <returns>Null when the transaction can be booked, else the rejection reason.</returns>
    public static string? ReasonToReject(SubmittedTransaction transaction, string? kind, MasterDataCatalog masterData)
    {
        if (kind is null)
        {
            return $"Unknown transaction kind '{transaction.Kind}'; this ERP books {string.Join(", ", TransactionKinds.All)}.";
        }

        if (string.IsNullOrWhiteSpace(transaction.Item))
        {
            return "No item (material number) given.";
        }

        if (string.IsNullOrWhiteSpace(transaction.Unit))
        {
            return $"No unit of measure given for item {transaction.Item}.";
        }

        if (transaction.Quantity <= 0)
        {
            return $"Quantity must be positive; got {transaction.Quantity} {transaction.Unit}.";
        }

        if (!masterData.IsKnownItem(transaction.Item))
        {
            return $"Item {transaction.Item} is not in the material master.";
        }

        if (TransactionKinds.NeedsWorkOrder(kind))
        {
            if (string.IsNullOrWhiteSpace(transaction.WorkOrder))
            {
                return $"A {PlantWords.KindName(kind)} needs a work order.";
            }

            if (!masterData.IsKnownWorkOrder(transaction.WorkOrder))
            {
                return $"Work order {transaction.WorkOrder} is not released in this ERP.";
            }
        }

        if (kind == TransactionKinds.StockMove
            && (string.IsNullOrWhiteSpace(transaction.FromLocation) || string.IsNullOrWhiteSpace(transaction.ToLocation)))
        {
            return "A stock move needs both a from and a to storage location.";
        }

        if (kind is TransactionKinds.QualityHold or TransactionKinds.QualityRelease && string.IsNullOrWhiteSpace(transaction.Lot))
        {
            return $"A {PlantWords.KindName(kind)} needs the lot it applies to.";
        }

        if (kind is TransactionKinds.GoodsIssue or TransactionKinds.ScrapFromStock
            && (string.IsNullOrWhiteSpace(transaction.FromLocation) || string.IsNullOrWhiteSpace(transaction.Lot)))
        {
            return $"A {PlantWords.KindName(kind)} needs the storage location and the lot the stock leaves.";
        }

        if (kind == TransactionKinds.LotTransfer
            && (string.IsNullOrWhiteSpace(transaction.Lot) || string.IsNullOrWhiteSpace(transaction.ToLot) || transaction.Lot == transaction.ToLot))
        {
            return "A lot transfer needs the lot stock leaves and a different lot it goes into.";
        }

        if (kind == TransactionKinds.GoodsReceipt && string.IsNullOrWhiteSpace(transaction.ToLocation))
        {
            return "A goods receipt needs the storage location it goes into.";
        }

        return null;
    }
}
