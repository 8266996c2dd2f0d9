namespace Twin.Contracts;

/// <summary>
/// Ingest of one configured OPC UA connection; key = "plant:connection-name". Keeps a session and subscription
/// to the server and hands the data changes to the machine twins as one batch per machine per Publish response.
/// </summary>
public interface IOpcUaIngestGrain : IGrainWithStringKey
{
    /// <summary>Makes sure the connection runs (idempotent); the silo calls it at start and a reminder keeps it so.</summary>
    Task Start();

    /// <summary>Connection health: state, last data time, notification and gap counts, unknown node ids.</summary>
    Task<IngestConnectionHealth> GetHealth();
}
