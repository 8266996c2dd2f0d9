namespace ErpSimulator;

/// <summary>Settings of the simulated ERP (configuration section "ErpSimulator").</summary>
public sealed class ErpSimulatorOptions
{
    public const string SectionName = "ErpSimulator";

    /// <summary>Book every item and work order without checking master data (demos).</summary>
    public bool AcceptAll { get; set; }

    /// <summary>Material numbers known from the start.</summary>
    public List<string> Items { get; set; } = [];

    /// <summary>Released work orders known from the start.</summary>
    public List<string> WorkOrders { get; set; } = [];

    /// <summary>Optional JSON file <c>{"items":[...],"workOrders":[...]}</c> loaded at start in addition to the lists above.</summary>
    public string? MasterDataFile { get; set; }

    /// <summary>When set, batch posts must carry this exact value in <see cref="ApiKeyHeader"/> (401 otherwise).</summary>
    public string? ApiKey { get; set; }

    public string ApiKeyHeader { get; set; } = "Authorization";

    /// <summary>Largest batch accepted; larger ones get 413.</summary>
    public int MaxBatchSize { get; set; } = 1000;

    /// <summary>Log every booked document in plant words (turn off for load tests).</summary>
    public bool LogEachDocument { get; set; } = true;
}
