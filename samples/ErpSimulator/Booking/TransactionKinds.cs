namespace ErpSimulator.Booking;

/// <summary>The document kinds this ERP books, and which of them belong to a work order.</summary>
public static class TransactionKinds
{
    public const string ProductionConfirmation = "ProductionConfirmation";
    public const string MaterialConsumption = "MaterialConsumption";
    public const string Scrap = "Scrap";
    public const string GoodsReceipt = "GoodsReceipt";
    public const string StockMove = "StockMove";
    public const string QualityHold = "QualityHold";
    public const string QualityRelease = "QualityRelease";
    public const string GoodsIssue = "GoodsIssue";
    public const string ScrapFromStock = "ScrapFromStock";
    public const string LotTransfer = "LotTransfer";

    public static readonly IReadOnlyList<string> All =
        [ProductionConfirmation, MaterialConsumption, Scrap, GoodsReceipt, StockMove, QualityHold, QualityRelease, GoodsIssue, ScrapFromStock, LotTransfer];

    public static bool NeedsWorkOrder(string kind) =>
        kind is ProductionConfirmation or MaterialConsumption or Scrap;

    /// <summary>The canonical spelling of <paramref name="kind"/>, or null if this ERP does not know it.</summary>
    public static string? Normalize(string? kind) =>
        All.FirstOrDefault(k => string.Equals(k, kind, StringComparison.OrdinalIgnoreCase));
}
