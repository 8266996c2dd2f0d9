namespace Twin.Erp.Mapping;

/// <summary>
/// How Twin's plant vocabulary becomes the ERP's (configuration section "Erp:Connector:Mapping"). An empty table
/// passes Twin's value through unchanged; a table with entries must name every value posted, and a value it does
/// not name is a business rejection that says which table lacks it.
/// </summary>
public sealed class ErpMappingOptions
{
    public const string SectionName = "Erp:Connector:Mapping";

    /// <summary>Twin plant → ERP plant (SAP <c>Plant</c>, D365 company).</summary>
    public Dictionary<string, string> Plants { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Twin location → ERP storage location (SAP <c>StorageLocation</c>, D365 warehouse).</summary>
    public Dictionary<string, string> Locations { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Twin stock status (<c>Unrestricted</c>, <c>Quality</c>, <c>Blocked</c>) → ERP stock type (SAP
    /// <c>InventoryStockType</c>, D365 inventory status). Unlisted statuses use the connector's defaults.
    /// </summary>
    public Dictionary<string, string> StockTypes { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Twin unit → ERP unit of entry, e.g. <c>pcs</c> → <c>ST</c>.</summary>
    public Dictionary<string, string> Units { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Twin work-order id → ERP order number and operation numbers.</summary>
    public Dictionary<string, ErpOrderMapping> WorkOrders { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Work orders the <see cref="WorkOrders"/> table does not list go out under their own id even when the table has
    /// entries. Set when production orders flow in (<c>Erp:Inbound</c>): an imported twin carries its ERP number as its id.
    /// </summary>
    public bool PassUnlistedWorkOrders { get; set; }

    /// <summary>Operations not mapped explicitly are zero-padded to this width ("10" → "0010" for SAP); 0 keeps them.</summary>
    public int OperationNumberWidth { get; set; } = 4;
}

/// <summary>One work order's ERP numbers.</summary>
public sealed class ErpOrderMapping
{
    /// <summary>ERP order number, e.g. SAP's <c>1000123</c>.</summary>
    public string Order { get; set; } = string.Empty;

    /// <summary>Twin operation → ERP operation, e.g. <c>10</c> → <c>0010</c>; unlisted ones are padded.</summary>
    public Dictionary<string, string> Operations { get; set; } = new(StringComparer.Ordinal);
}
