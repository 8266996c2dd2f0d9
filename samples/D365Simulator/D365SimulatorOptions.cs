namespace D365Simulator;

/// <summary>Settings of the D365-shaped simulator (configuration section "D365Simulator").</summary>
public sealed class D365SimulatorOptions
{
    public const string SectionName = "D365Simulator";

    /// <summary>The app registration allowed to take tokens (client credentials); also the admin credential (Basic).</summary>
    public string ClientId { get; set; } = "twin-mes";

    public string ClientSecret { get; set; } = string.Empty;

    /// <summary>Lifetime of an access token.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(60);

    /// <summary>How long a message waits in the queue before the batch job processes it.</summary>
    public TimeSpan ProcessingDelay { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Extra latency of every request (a remote system's round trip).</summary>
    public TimeSpan Latency { get; set; } = TimeSpan.Zero;

    /// <summary>Accept any company and production order (demos).</summary>
    public bool AcceptAll { get; set; }

    public List<string> Companies { get; set; } = [];

    public List<string> Orders { get; set; } = [];

    /// <summary>Production orders released at start (more through POST /admin/production-orders); Plant is the company.</summary>
    public List<Twin.Samples.Orders.SimulatedOrder> ProductionOrders { get; set; } = [];
}
