namespace Twin.Hosting.Diagnostics;

/// <summary>Persisted state of a cluster probe.</summary>
public sealed class ClusterProbeState
{
    public long Touches { get; set; }
}
