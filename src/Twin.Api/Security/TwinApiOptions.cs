namespace Twin.Api.Security;

/// <summary>Settings of the REST API, bound from the <c>Twin:Api</c> configuration section.</summary>
public sealed class TwinApiOptions
{
    /// <summary>The configuration section these options come from.</summary>
    public const string Section = "Twin:Api";

    /// <summary>API keys allowed to call the API. Keys are stored hashed; see <see cref="ApiKeyHash"/>.</summary>
    public List<ApiKeyEntry> Keys { get; set; } = [];

    /// <summary>Deepest lot trace a caller may ask for (the grains apply their own bound too).</summary>
    public int MaxTraceDepth { get; set; } = 50;

    /// <summary>Most history entries a caller may ask for in one request.</summary>
    public int MaxHistoryEntries { get; set; } = 500;

    /// <summary>Bounds of the change feeds (<c>Twin:Api:Feeds</c>).</summary>
    public Feeds.ChangeFeedOptions Feeds { get; set; } = new();

    /// <summary>Bounds of the plant view (<c>Twin:Api:PlantView</c>).</summary>
    public PlantView.PlantViewOptions PlantView { get; set; } = new();
}
