namespace ErpSimulator.MasterData;

/// <summary>Master data to add (the POST body and the master-data file have this shape).</summary>
public sealed class MasterDataUpdate
{
    public List<string>? Items { get; set; }

    public List<string>? WorkOrders { get; set; }

    /// <summary>When given, switches accept-everything on or off.</summary>
    public bool? AcceptAll { get; set; }
}
