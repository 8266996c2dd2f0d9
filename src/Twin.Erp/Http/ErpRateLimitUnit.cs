namespace Twin.Erp.Http;

/// <summary>What an ERP's quota counts.</summary>
public enum ErpRateLimitUnit
{
    /// <summary>HTTP requests (batches) per second.</summary>
    Requests,

    /// <summary>Transactions per second, however they are batched.</summary>
    Transactions,
}
