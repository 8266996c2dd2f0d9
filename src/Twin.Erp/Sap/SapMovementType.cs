namespace Twin.Erp.Sap;

/// <summary>SAP movement types and goods-movement codes Twin posts (ERP-APIS facts; see the README's mapping table).</summary>
internal static class SapMovementType
{
    public const string ReceiptFromOrder = "101";
    public const string IssueToOrder = "261";
    public const string TransferBetweenLocations = "311";
    public const string UnrestrictedToBlocked = "344";
    public const string BlockedToUnrestricted = "343";
    public const string UnrestrictedToQuality = "322";
    public const string QualityToUnrestricted = "321";

    /// <summary>GoodsMovementCode of the material document header.</summary>
    public const string CodeReceiptForOrder = "02";
    public const string CodeGoodsIssue = "03";
    public const string CodeTransferPosting = "04";
}
