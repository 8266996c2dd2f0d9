namespace Twin.Erp.Posting;

/// <summary>Posting tolerance of the plant's ERP documents (configuration section "Erp:Posting").</summary>
public sealed class ErpPostingOptions
{
    public const string SectionName = "Erp:Posting";

    /// <summary>
    /// How long production reports, scrap, consumption and order receipts of one work-order operation (or order, item,
    /// lot and location) accumulate into one ERP document. The window opens with its first event; order completion and
    /// a machine going Down or into Setup close it early. Zero: every event is its own document (no aggregation).
    /// </summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(60);
}
