using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.TestingHost;
using Twin.Contracts;
using Twin.Erp.Connector;
using Twin.Hosting.Pipeline;
using Twin.Hosting.Providers;

namespace Twin.Pipeline.Tests;

/// <summary>
/// One in-process silo with the embedded providers, the pipeline registration and the scripted ERP. No posting window
/// here (every event is its own document, so the tests can count them); <see cref="ErpPostingWindowClusterFixture"/> has one.
/// </summary>
public class ErpSyncClusterFixture : IAsyncLifetime
{
    private const string WindowProperty = "TestErpPostingWindow";

    /// <summary>How long the ERP stream's agents retry an item a consumer throws on, in this fixture.</summary>
    public static readonly TimeSpan ErpStreamDeliveryLimit = TimeSpan.FromSeconds(1);

    public TestCluster Cluster { get; private set; } = null!;

    /// <summary>Erp:Posting:Window of this fixture's silo.</summary>
    public virtual TimeSpan PostingWindow => TimeSpan.Zero;

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(1);
        builder.Properties[WindowProperty] = PostingWindow.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
        Cluster = builder.Build();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await Cluster.DeployAsync().WaitAsync(deadline.Token);
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            silo.AddTwinMemoryProviders();
            var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Erp:Outbox:MaxBatchAge"] = "00:00:00.050",
                ["Erp:Outbox:InitialRetryDelay"] = "00:00:00.100",
                ["Erp:Outbox:MaxRetryDelay"] = "00:00:00.200",
                ["Erp:Sync:PumpInterval"] = "00:00:00.020",
                // The old whole-state outbox refused beyond this many; the store must not (outage test).
                ["Erp:Outbox:MaxPending"] = "100",
                ["Erp:Posting:Window"] = silo.Configuration[WindowProperty],
            }).Build();
            silo.Services.AddTwinPipeline(settings);
            // Delivery limits far shorter than the product's, so a test outage outlasts them: a consumer that threw
            // would lose items after a second (ErpSyncOutageTests).
            silo.Services.Configure<StreamPullingAgentOptions>(TwinProviders.ErpStreams, o => o.MaxEventDeliveryTime = ErpStreamDeliveryLimit);
            silo.Services.AddSingleton<IErpConnector>(ScriptedErpConnector.Instance);
        }
    }

    private sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder client) => client.AddMemoryStreams(TwinProviders.Streams).AddMemoryStreams(TwinProviders.ErpStreams);
    }
}

/// <summary>The same silo with a posting window of <see cref="Window"/>: events of one operation accumulate into one document.</summary>
public sealed class ErpPostingWindowClusterFixture : ErpSyncClusterFixture
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(4);

    public override TimeSpan PostingWindow => Window;
}

[CollectionDefinition(Name)]
public sealed class ErpPostingWindowCollection : ICollectionFixture<ErpPostingWindowClusterFixture>
{
    public const string Name = "erp sync cluster with a posting window";
}

[CollectionDefinition(Name)]
public sealed class ErpSyncCollection : ICollectionFixture<ErpSyncClusterFixture>
{
    public const string Name = "erp sync cluster";
}
