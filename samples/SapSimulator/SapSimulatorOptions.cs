namespace SapSimulator;

/// <summary>Settings of the SAP-shaped simulator (configuration section "SapSimulator").</summary>
public sealed class SapSimulatorOptions
{
    public const string SectionName = "SapSimulator";

    /// <summary>Communication user for Basic auth (and for the admin endpoints).</summary>
    public string User { get; set; } = "TWIN_COMM";

    public string Password { get; set; } = string.Empty;

    /// <summary>OAuth2 client allowed to take tokens at /oauth/token (client credentials); empty: OAuth2 off.</summary>
    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>Lifetime of an OAuth2 access token.</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Lifetime of a CSRF token (and its session) after the fetch.</summary>
    public TimeSpan CsrfTokenLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long a posting holds its order or material lock (SAP's processing time).</summary>
    public TimeSpan ProcessingTime { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Extra latency of every request (a remote system's round trip).</summary>
    public TimeSpan Latency { get; set; } = TimeSpan.Zero;

    /// <summary>Accept any order, material, plant and storage location (demos).</summary>
    public bool AcceptAll { get; set; }

    public List<string> Orders { get; set; } = [];

    public List<string> Materials { get; set; } = [];

    public List<string> Plants { get; set; } = [];

    public List<string> StorageLocations { get; set; } = [];

    /// <summary>Production orders released at start (more through POST /admin/production-orders).</summary>
    public List<Twin.Samples.Orders.SimulatedOrder> ProductionOrders { get; set; } = [];

    /// <summary>Postings dated before this day are refused: the period is closed.</summary>
    public DateOnly? OpenPeriodFrom { get; set; }
}
