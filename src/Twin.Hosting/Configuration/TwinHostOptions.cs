using System.Net;

namespace Twin.Hosting.Configuration;

/// <summary>
/// The silo's place in the cluster and on the network, bound from the "Twin" configuration section
/// (appsettings, environment variables such as Twin__SiloPort, or the Silo's command-line options).
/// Defaults let one silo run on a laptop; several silos on one machine need distinct ports.
/// </summary>
public sealed class TwinHostOptions
{
    public const string SectionName = "Twin";

    /// <summary>Silos with the same cluster id form one cluster.</summary>
    public string ClusterId { get; set; } = "twin";

    /// <summary>Stable across deployments: grain state and reminders are keyed by it.</summary>
    public string ServiceId { get; set; } = "twin";

    /// <summary>Silo-to-silo port.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port clients (SDK, twin tool) connect to.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The IP address other silos and clients use to reach this silo.</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>HTTP URL(s) for the dashboard, health and the REST API; separate several with ';'.</summary>
    public string HttpUrls { get; set; } = "http://127.0.0.1:8080";

    /// <summary>Listen on every network interface instead of the advertised address only (containers behind NAT).</summary>
    public bool ListenOnAllInterfaces { get; set; }

    /// <summary>"embedded", "postgres", or empty to choose by whether ConnectionStrings:Twin is set.</summary>
    public string? Profile { get; set; }

    public IPAddress ParsedAdvertisedAddress => IPAddress.Parse(AdvertisedAddress);

    public IReadOnlyList<string> ParsedHttpUrls =>
        HttpUrls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
