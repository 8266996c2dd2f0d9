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
}
