using Orleans.Hosting;
using Xunit;
using Orleans.TestingHost;
using Twin.Hosting.Providers;

namespace Twin.Testing;

/// <summary>
/// An in-process Orleans test cluster with the embedded default's providers: memory grain storage
/// for TwinProviders.Storage, TwinProviders.DurableStorage and PubSubStore, memory streams
/// "twin-streams" (15 ms polling), in-memory reminders. Share it with <c>IClassFixture</c> or a
/// collection fixture; subclass and override <see cref="InitialSilosCount"/> for more silos.
/// </summary>
public class TwinClusterFixture : IAsyncLifetime
{
    private TestCluster? _cluster;

    /// <summary>The running cluster (available after InitializeAsync).</summary>
    public TestCluster Cluster => _cluster ?? throw new InvalidOperationException("The test cluster has not been deployed yet.");

    /// <summary>A client connected to the cluster.</summary>
    public IGrainFactory GrainFactory => Cluster.GrainFactory;

    /// <summary>How many silos to start. One keeps tests fast; grain placement tests want two.</summary>
    protected virtual short InitialSilosCount => 1;

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(InitialSilosCount);
        builder.AddSiloBuilderConfigurator<EmbeddedSiloConfigurator>();
        builder.AddClientBuilderConfigurator<EmbeddedClientConfigurator>();
        _cluster = builder.Build();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _cluster.DeployAsync().WaitAsync(deadline.Token);
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.StopAllSilosAsync();
            await _cluster.DisposeAsync();
        }
    }

    private sealed class EmbeddedSiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) => siloBuilder.AddTwinMemoryProviders();
    }

    private sealed class EmbeddedClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(Microsoft.Extensions.Configuration.IConfiguration configuration, IClientBuilder clientBuilder) =>
            clientBuilder.AddMemoryStreams(Twin.Contracts.TwinProviders.Streams).AddMemoryStreams(Twin.Contracts.TwinProviders.ErpStreams);
    }
}
