namespace Twin.Grains.Ingest;

/// <summary>OPC UA ingest settings (configuration section "Ingest").</summary>
public sealed class IngestOptions
{
    public const string SectionName = "Ingest";

    /// <summary>Plant configuration files (tag maps), one per plant; each connection in them becomes an ingest grain.</summary>
    public List<string> PlantFiles { get; set; } = [];

    /// <summary>First wait before connecting again after a failed first connect; doubles up to <see cref="MaxConnectRetryDelay"/>.</summary>
    public TimeSpan ConnectRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxConnectRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Most signal batches held while the stream refuses them (memory streams throw at 16,384 undelivered messages).
    /// Beyond it the ingest stops taking Publish responses, so the OPC UA server queues (it does not drop) until
    /// the stream drains.
    /// </summary>
    public int MaxBufferedBatches { get; set; } = 50_000;

    /// <summary>Period of the reminder that keeps ingest grains active and restarts them after a crash (reminders fire at most once a minute).</summary>
    public TimeSpan KeepAlivePeriod { get; set; } = TimeSpan.FromMinutes(1);
}
