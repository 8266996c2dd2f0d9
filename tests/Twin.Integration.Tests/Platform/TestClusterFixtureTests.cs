using Twin.Contracts;
using Twin.Contracts.Diagnostics;
using Twin.Testing;

namespace Twin.Integration.Tests.Platform;

/// <summary>The reusable in-process cluster grain tests build on: twin storage names, streams and PubSubStore work.</summary>
public sealed class TestClusterFixtureTests(TwinClusterFixture fixture) : IClassFixture<TwinClusterFixture>
{
    [Fact]
    public async Task Test_cluster_hosts_grains_with_the_twin_storage_and_stream_providers()
    {
        var probe = fixture.GrainFactory.GetGrain<IClusterProbeGrain>("test-cluster-probe");
        await probe.Touch().WaitAsync(TimeSpan.FromSeconds(30));
        var reading = await probe.Touch().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(2, reading.Touches);

        // Publishing goes through the stream provider and the PubSubStore storage of the silo.
        var stream = fixture.Cluster.Client.GetStreamProvider(TwinProviders.Streams)
            .GetStream<int>(StreamId.Create(StreamNamespaces.TwinChanges, "test-plant"));
        await stream.OnNextAsync(42).WaitAsync(TimeSpan.FromSeconds(30));
    }
}
