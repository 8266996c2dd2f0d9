using Twin.Contracts;

namespace Twin.Client;

/// <summary>The OPC UA connections that feed a plant's machine twins.</summary>
public interface IShopFloorConnections
{
    /// <summary>Health of every configured connection of <paramref name="plant"/>: state, last data time, notification and gap counts, unknown node ids.</summary>
    Task<IReadOnlyList<IngestConnectionHealth>> GetConnectionsAsync(string plant, CancellationToken cancellationToken = default);
}
