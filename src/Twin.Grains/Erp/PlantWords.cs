using Twin.Erp.Transactions;

namespace Twin.Grains.Erp;

/// <summary>ERP transactions described the way a planner would say them, for log lines.</summary>
internal static class PlantWords
{
    public static string Kind(ErpTransactionKind kind) => kind switch
    {
        ErpTransactionKind.ProductionConfirmation => "production confirmation",
        ErpTransactionKind.MaterialConsumption => "material consumption",
        ErpTransactionKind.Scrap => "scrap",
        ErpTransactionKind.GoodsReceipt => "goods receipt",
        ErpTransactionKind.StockMove => "stock move",
        ErpTransactionKind.QualityHold => "quality hold",
        ErpTransactionKind.QualityRelease => "quality release",
        ErpTransactionKind.GoodsIssue => "goods issue",
        ErpTransactionKind.ScrapFromStock => "scrap from stock",
        ErpTransactionKind.LotTransfer => "lot transfer",
        _ => kind.ToString(),
    };

    public static string Where(ErpTransaction t) =>
        (t.WorkOrder is { } wo ? $" on work order {wo}" + (t.Operation is { } op ? $" operation {op}" : "") : "")
        + (t.Lot is { } lot ? $" lot {lot}" : "")
        + (t.ToLot is { } toLot ? $" into lot {toLot}" : "")
        + (t.FromLocation is { } from ? $" from {from}" : "")
        + (t.ToLocation is { } to ? $" to {to}" : "");
}
