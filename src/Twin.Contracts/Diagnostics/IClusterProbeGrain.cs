namespace Twin.Contracts.Diagnostics;

/// <summary>
/// A tiny persistent grain operators and tests use to prove the cluster end to end: a call reaches
/// a silo, the silo writes state to the configured storage, and the state survives restarts and
/// failover. Key: any probe name.
/// </summary>
public interface IClusterProbeGrain : IGrainWithStringKey
{
    /// <summary>Adds one to the probe's persisted counter and returns the new reading.</summary>
    Task<ClusterProbeReading> Touch();

    /// <summary>Returns the persisted counter without changing it.</summary>
    Task<ClusterProbeReading> Read();
}

/// <summary>What a probe reports: its persisted counter and the silo that answered.</summary>
[GenerateSerializer, Immutable]
public sealed record ClusterProbeReading(
    [property: Id(0)] long Touches,
    [property: Id(1)] string SiloAddress,
    [property: Id(2)] int SiloPort);
