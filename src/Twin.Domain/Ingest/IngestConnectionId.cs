namespace Twin.Domain.Ingest;

/// <summary>The key of an ingest grain: plant id and connection name, e.g. "plant-1:plant-simulator".</summary>
public static class IngestConnectionId
{
    private const char Separator = ':';

    public static string Of(string plant, string connectionName) => $"{plant}{Separator}{connectionName}";

    /// <summary>The plant part of an id made by <see cref="Of"/>.</summary>
    public static string PlantOf(string connectionId)
    {
        var at = connectionId.IndexOf(Separator, StringComparison.Ordinal);
        return at < 0 ? connectionId : connectionId[..at];
    }
}
