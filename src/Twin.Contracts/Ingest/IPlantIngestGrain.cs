namespace Twin.Contracts;

/// <summary>The OPC UA connections of one plant, as configured on the silos; key = plant id.</summary>
public interface IPlantIngestGrain : IGrainWithStringKey
{
    /// <summary>Health of every configured connection of the plant (empty when the plant has none).</summary>
    Task<IReadOnlyList<IngestConnectionHealth>> GetConnections();
}
