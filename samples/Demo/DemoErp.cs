namespace Twin.Demo;

/// <summary>Which ERP simulator the demo runs against: Twin's own JSON one (default), SAP-shaped (<c>--sap</c>) or D365-shaped (<c>--d365</c>).</summary>
internal enum DemoErp
{
    TwinJson,
    Sap,
    D365,
}

internal static class DemoErpOption
{
    private const string Sap = "--sap";
    private const string D365 = "--d365";

    /// <summary>The ERP the arguments choose, and the arguments left for the silo; both options at once is an error.</summary>
    public static (DemoErp Erp, string[] Remaining) Parse(string[] args)
    {
        var sap = args.Contains(Sap, StringComparer.OrdinalIgnoreCase);
        var d365 = args.Contains(D365, StringComparer.OrdinalIgnoreCase);
        if (sap && d365)
        {
            throw new ArgumentException($"Choose one ERP: {Sap} or {D365}, not both.");
        }

        var rest = args.Where(a => !a.Equals(Sap, StringComparison.OrdinalIgnoreCase) && !a.Equals(D365, StringComparison.OrdinalIgnoreCase)).ToArray();
        return (sap ? DemoErp.Sap : d365 ? DemoErp.D365 : DemoErp.TwinJson, rest);
    }

    /// <summary>How the narration names the ERP.</summary>
    public static string Describe(this DemoErp erp) => erp switch
    {
        DemoErp.Sap => "SAP-shaped",
        DemoErp.D365 => "D365-shaped",
        _ => "ERP",
    };

    /// <summary>The ERP's name where a planner releases orders.</summary>
    public static string PlannerSystem(this DemoErp erp) => erp == DemoErp.D365 ? "D365" : "SAP";
}
