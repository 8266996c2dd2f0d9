namespace Twin.Benchmarks.Scenarios.ErpConnectors;

/// <summary>
/// One connector and the simulator it posts to: how to start the simulator with its latency, the connector's
/// Erp:Connector settings, the bare round trip it is printed beside, and how many documents the ERP has booked.
/// </summary>
internal abstract class ConnectorTarget
{
    /// <summary>Erp:Connector:Kind.</summary>
    public abstract string Kind { get; }

    /// <summary>The samples/ project of the simulator.</summary>
    public abstract string Simulator { get; }

    /// <summary>Where the simulator answers once it listens (any status).</summary>
    public abstract string ProbePath { get; }

    /// <summary>What the bare round trip is, for the figure's baseline name.</summary>
    public abstract string BareRoundTrip { get; }

    /// <summary>Command-line settings of the simulator: accept any master data, add <paramref name="latency"/> to every request.</summary>
    public abstract IEnumerable<string> SimulatorArguments(TimeSpan latency);

    /// <summary>Settings the simulator takes after start (the twin-json simulator sets its latency through /admin).</summary>
    public virtual Task ConfigureAsync(HttpClient admin, TimeSpan latency, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The Erp:Connector section of a plant posting to <paramref name="simulator"/>, with the mapping of <paramref name="plants"/>.</summary>
    public abstract Dictionary<string, string?> Settings(Uri simulator, IReadOnlyList<string> plants);

    /// <summary>A client of the simulator's admin and bare endpoints, authenticated as the connector would be.</summary>
    public abstract Task<HttpClient> ClientAsync(Uri simulator, CancellationToken cancellationToken);

    /// <summary>The cheapest authenticated request that pays the simulator's latency; its status is not judged.</summary>
    public abstract Task BareAsync(HttpClient client, CancellationToken cancellationToken);

    /// <summary>Documents the ERP has booked so far, by its own count (not the connector's).</summary>
    public abstract Task<long> BookedAsync(HttpClient client, CancellationToken cancellationToken);
}
