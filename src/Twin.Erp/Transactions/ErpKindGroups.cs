namespace Twin.Erp.Transactions;

/// <summary>Which document kinds count as what for the plant's integration KPIs.</summary>
public static class ErpKindGroups
{
    /// <summary>
    /// Documents that move stock in the ERP's books: a receipt, an issue, a move, a consumption from a location, scrap from
    /// stock, a lot transfer. One of these the ERP refused leaves the ERP's stock different from the twins'.
    /// </summary>
    public static bool IsGoodsMovement(ErpTransactionKind kind) => kind is ErpTransactionKind.GoodsReceipt or ErpTransactionKind.StockMove
        or ErpTransactionKind.GoodsIssue or ErpTransactionKind.ScrapFromStock or ErpTransactionKind.MaterialConsumption or ErpTransactionKind.LotTransfer;
}
