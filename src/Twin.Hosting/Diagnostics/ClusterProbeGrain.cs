using Orleans.Runtime;
using Twin.Contracts;
using Twin.Contracts.Diagnostics;

namespace Twin.Hosting.Diagnostics;

/// <summary>
/// Lives with the host rather than in Twin.Grains because it checks the platform (storage,
/// placement, failover), not the plant. Written to the durable store so a probe proves the
/// same guarantees the ERP outbox relies on.
/// The ADO.NET storage keys a row by state name and grain key only (not by grain type), so the
/// state name must be unique across grain kinds: "cluster-probe" here.
/// </summary>
[GrainType("twin-cluster-probe")]
public sealed class ClusterProbeGrain(
    [PersistentState("cluster-probe", TwinProviders.DurableStorage)] IPersistentState<ClusterProbeState> state,
    ILocalSiloDetails silo) : Grain, IClusterProbeGrain
{
    public async Task<ClusterProbeReading> Touch()
    {
        state.State.Touches++;
        await state.WriteStateAsync();
        return Reading();
    }

    public Task<ClusterProbeReading> Read() => Task.FromResult(Reading());

    private ClusterProbeReading Reading() =>
        new(state.State.Touches, silo.SiloAddress.ToString(), silo.SiloAddress.Endpoint.Port);
}
