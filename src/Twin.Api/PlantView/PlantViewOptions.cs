namespace Twin.Api.PlantView;

/// <summary>
/// Bounds of the plant view (<c>/plant</c>) and of its data (<c>GET /api/plants/{plant}/overview</c>), bound from
/// <c>Twin:Api:PlantView</c>. A page is for people: it shows the first machines, orders and held lots in id order
/// and says when there are more, so one open browser costs a bounded number of twin reads however large the plant.
/// </summary>
public sealed class PlantViewOptions
{
    /// <summary>Machines shown (each costs two twin reads per refresh: its state and its OEE).</summary>
    public int MaxMachines { get; set; } = 200;

    /// <summary>Open work orders shown (each costs one twin read per refresh: its operations' progress).</summary>
    public int MaxWorkOrders { get; set; } = 100;

    /// <summary>Lots on hold shown (read from the plant directory in one call).</summary>
    public int MaxLotsOnHold { get; set; } = 100;

    /// <summary>OEE window shown per machine; unset means the twins' own default (<c>Twin:Twins:DefaultOeeWindow</c>).</summary>
    public TimeSpan? OeeWindow { get; set; }

    /// <summary>One-line problems with the settings, for the options validator.</summary>
    internal IEnumerable<string> Problems(string section)
    {
        if (MaxMachines is < 1 or > 5_000)
        {
            yield return $"{section}:MaxMachines must be between 1 and 5000 (was {MaxMachines}).";
        }

        if (MaxWorkOrders is < 1 or > 5_000)
        {
            yield return $"{section}:MaxWorkOrders must be between 1 and 5000 (was {MaxWorkOrders}).";
        }

        if (MaxLotsOnHold is < 1 or > 5_000)
        {
            yield return $"{section}:MaxLotsOnHold must be between 1 and 5000 (was {MaxLotsOnHold}).";
        }

        if (OeeWindow is { } w && (w <= TimeSpan.Zero || w > TimeSpan.FromDays(31)))
        {
            yield return $"{section}:OeeWindow must be a positive duration of at most 31.00:00:00 (was {w}).";
        }
    }
}
