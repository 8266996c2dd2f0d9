using Twin.Grains.Publishing;
using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;
using Microsoft.Extensions.DependencyInjection;
using Twin.Contracts;
using Twin.Grains.Twins;

namespace Twin.Grains.Tests.Infrastructure;

/// <summary>
/// One in-process silo configured like the embedded default for the twins: memory grain storage for
/// TwinProviders.Storage, TwinProviders.DurableStorage and PubSubStore, memory streams TwinProviders.Streams,
/// in-memory reminders. Shared by every grain test class through the "twins" collection.
/// </summary>
public sealed class TwinTestCluster : IAsyncLifetime
{
    private TestCluster? _cluster;

    public TestCluster Cluster => _cluster ?? throw new InvalidOperationException("The twin test cluster is not deployed.");

    public IGrainFactory Grains => Cluster.GrainFactory;

    public IClusterClient Client => Cluster.Client;

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(1);
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
        _cluster = builder.Build();
        await _cluster.DeployAsync().WaitAsync(TimeSpan.FromSeconds(60));
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.StopAllSilosAsync();
            await _cluster.DisposeAsync();
        }
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            silo.AddMemoryGrainStorage(TwinProviders.Storage, o => o.GrainStorageSerializer = new Twin.Grains.Persistence.TwinJsonGrainStorageSerializer());
            silo.AddMemoryGrainStorage(TwinProviders.DurableStorage, o => o.GrainStorageSerializer = new Twin.Grains.Persistence.TwinJsonGrainStorageSerializer());
            silo.AddMemoryGrainStorage("PubSubStore");
            silo.AddMemoryStreams(TwinProviders.Streams);
            silo.AddMemoryStreams(TwinProviders.ErpStreams);
            silo.Services.AddTwinEventPublisher(); // twins publish through the silo's batching publisher
            silo.UseInMemoryReminderService();
            // Machines of class "quick-press" get a maintenance request after a second in Fault or Down; the others after 30 minutes.
            silo.Services.AddSingleton(new Twin.Domain.Machines.MaintenancePolicy(TimeSpan.FromMinutes(30),
                new Dictionary<string, TimeSpan> { ["quick-press"] = TimeSpan.FromSeconds(1) }));
            silo.AddIncomingGrainCallFilter<TransferFaults>();
            // Re-send unconfirmed moves quickly so the crash-between-phases test does not wait seconds.
            silo.Services.Configure<TwinOptions>(o =>
            {
                o.TransferRetryDelay = TimeSpan.FromMilliseconds(200);
                // Machines write every change at once here, so tests can read the work order right after a batch.
                o.MachineSaveInterval = TimeSpan.Zero;
            });
        }
    }

    private sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder client) => client.AddMemoryStreams(TwinProviders.Streams).AddMemoryStreams(TwinProviders.ErpStreams);
    }
}

[CollectionDefinition(Name)]
public sealed class TwinClusterCollection : ICollectionFixture<TwinTestCluster>
{
    public const string Name = "twins";
}
