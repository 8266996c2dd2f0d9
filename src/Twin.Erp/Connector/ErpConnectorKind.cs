namespace Twin.Erp.Connector;

/// <summary>The connectors <c>Erp:Connector:Kind</c> can name.</summary>
public static class ErpConnectorKind
{
    /// <summary>Twin's own JSON batch endpoint (samples/ErpSimulator); the default.</summary>
    public const string TwinJson = "twin-json";

    /// <summary>SAP S/4HANA over OData V2 (production confirmations and material documents).</summary>
    public const string SapS4 = "sap-s4";

    /// <summary>Dynamics 365 Supply Chain Management over the MES integration endpoint (SendMessage).</summary>
    public const string D365Scm = "d365-scm";

    public static readonly IReadOnlyList<string> Available = [TwinJson, SapS4, D365Scm];

    /// <summary>The kind named in <paramref name="configured"/> (empty means <see cref="TwinJson"/>), lower-cased.</summary>
    public static string Normalize(string? configured) =>
        string.IsNullOrWhiteSpace(configured) ? TwinJson : configured.Trim().ToLowerInvariant();
}
