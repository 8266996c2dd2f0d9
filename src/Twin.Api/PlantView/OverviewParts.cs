namespace Twin.Api.PlantView;

/// <summary>The parts of a plant overview a caller can ask for with <c>?parts=</c> (names as in the JSON answer).</summary>
[Flags]
public enum OverviewParts
{
    None = 0,
    Machines = 1,
    WorkOrders = 2,
    LotsOnHold = 4,
    Erp = 8,
    Connections = 16,
    Kpis = 32,
    All = Machines | WorkOrders | LotsOnHold | Erp | Connections | Kpis,
}

/// <summary>Reads <c>?parts=machines,work-orders</c>; no parameter means every part.</summary>
internal static class OverviewPartNames
{
    private static readonly Dictionary<string, OverviewParts> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["machines"] = OverviewParts.Machines,
        ["work-orders"] = OverviewParts.WorkOrders,
        ["lots-on-hold"] = OverviewParts.LotsOnHold,
        ["erp"] = OverviewParts.Erp,
        ["connections"] = OverviewParts.Connections,
        ["kpis"] = OverviewParts.Kpis,
    };

    public static string Known => string.Join(", ", Names.Keys);

    /// <summary>The parts named, or null with <paramref name="unknown"/> set to the first name that is none.</summary>
    public static OverviewParts? Parse(IEnumerable<string?> values, out string? unknown)
    {
        unknown = null;
        var parts = OverviewParts.None;
        var any = false;
        foreach (var name in values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))
        {
            any = true;
            if (!Names.TryGetValue(name, out var part))
            {
                unknown = name.Length > 40 ? name[..40] + "…" : name;
                return null;
            }

            parts |= part;
        }

        return any ? parts : OverviewParts.All;
    }
}
