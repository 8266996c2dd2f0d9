namespace Twin.Grains.Plants;

/// <summary>
/// The directory state of earlier versions (every listing of a plant in one grain state). Read once on activation
/// to move its listings into the <see cref="IPlantDirectoryStore"/>, then cleared.
/// </summary>
[GenerateSerializer]
public sealed class PlantDirectoryState
{
    [Id(0)]
    public Dictionary<string, MachineListing> Machines { get; set; } = new(StringComparer.Ordinal);

    [Id(1)]
    public Dictionary<string, WorkOrderListing> WorkOrders { get; set; } = new(StringComparer.Ordinal);

    [Id(2)]
    public Dictionary<string, LotListing> Lots { get; set; } = new(StringComparer.Ordinal);

    [Id(3)]
    public Dictionary<string, LocationListing> Locations { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Versions of dropped entries, so a late, older update cannot bring them back.</summary>
    [Id(4)]
    public Dictionary<string, long> Dropped { get; set; } = new(StringComparer.Ordinal);
}
