namespace Twin.Erp.Transactions;

/// <summary>The business documents the plant posts to the ERP.</summary>
public enum ErpTransactionKind
{
    /// <summary>Good quantity reported on a work-order operation.</summary>
    ProductionConfirmation,

    /// <summary>Component or raw material issued to a work order.</summary>
    MaterialConsumption,

    /// <summary>Quantity scrapped on a work-order operation.</summary>
    Scrap,

    /// <summary>Finished or purchased goods received into a storage location.</summary>
    GoodsReceipt,

    /// <summary>Stock moved between two storage locations.</summary>
    StockMove,

    /// <summary>A lot blocked for quality reasons.</summary>
    QualityHold,

    /// <summary>A blocked lot released back to unrestricted use.</summary>
    QualityRelease,

    /// <summary>Stock issued out of a location for a shipment or an inventory adjustment (<see cref="ErpTransaction.Reason"/> says which).</summary>
    GoodsIssue,

    /// <summary>Stock scrapped out of a storage location (not on a work-order operation).</summary>
    ScrapFromStock,

    /// <summary>Transfer posting between two lots of one item at one location (lot split or merge; the reason says which).</summary>
    LotTransfer,
}
