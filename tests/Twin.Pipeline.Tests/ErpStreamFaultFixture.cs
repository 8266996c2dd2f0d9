using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.Providers;
using Orleans.Runtime;
using Orleans.TestingHost;
using Twin.Contracts;
using Twin.Erp.Connector;
using Twin.Erp.Outbox;
using Twin.Erp.Posting;
using Twin.Erp.Transactions;
using Twin.Hosting.Pipeline;
using Twin.Hosting.Providers;
using Twin.Testing;

namespace Twin.Pipeline.Tests;

/// <summary>
/// One in-process silo with the embedded providers exactly as the product configures its ERP stream (agents that
/// never give up, the product's cache), and two faults the tests switch per plant: the outbox store failing every
/// call (the ERP-sync grain's stream handler holds the item for <see cref="StoreRetryBudget"/>, then throws), and
/// the ERP stream refusing sends (the memory stream's queue grain throws on Enqueue, as a full queue or a lost
/// database would make a send fail).
/// </summary>
public sealed class ErpStreamFaultFixture : IAsyncLifetime
{
    /// <summary>Erp:Sync:StoreRetryBudget of this silo (product: 20 s), so a test sees the handler throw in seconds.</summary>
    public static readonly TimeSpan StoreRetryBudget = TimeSpan.FromMilliseconds(300);

    /// <summary>The silo's outbox store: the embedded one behind the per-plant fault switch.</summary>
    public static FaultyErpOutboxStore Store { get; } = new(new InMemoryErpOutboxStore());

    public TestCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(1);
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
                ["Erp:Sync:StoreRetryBudget"] = StoreRetryBudget.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
                ["Erp:Posting:Window"] = "00:00:00",
            }).Build();
            silo.Services.AddTwinPipeline(settings);
            silo.Services.AddSingleton<IErpConnector>(ScriptedErpConnector.Instance);
            silo.Services.AddSingleton<IErpOutboxStore>(Store);
            silo.AddIncomingGrainCallFilter(async call =>
            {
                if (call.Grain is IMemoryStreamQueueGrain && call.InterfaceMethod?.Name == nameof(IMemoryStreamQueueGrain.Enqueue)
                    && call.Request.GetArgument(0) is MemoryMessageData message && ErpStreamSendFaults.Refuses(message.StreamId))
                {
                    throw new IOException("injected: the ERP stream's queue refuses the send");
                }

                await call.Invoke();
            });
        }
    }

    private sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder client) => client.AddMemoryStreams(TwinProviders.Streams).AddMemoryStreams(TwinProviders.ErpStreams);
    }
}

// Runs alone: its tests and the ERP sync collection's share ScriptedErpConnector.Instance, whose answer rule is global,
// so in parallel "book everything" from here ended another test's ERP outage early (CI: 300 booked during the outage).
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ErpStreamFaultCollection : ICollectionFixture<ErpStreamFaultFixture>
{
    public const string Name = "erp stream faults";
}

/// <summary>Plants whose erp-outbox stream refuses sends while listed.</summary>
public static class ErpStreamSendFaults
{
    private static readonly ConcurrentDictionary<string, bool> Plants = new(StringComparer.Ordinal);

    public static void Refuse(string plant) => Plants[plant] = true;

    public static void Accept(string plant) => Plants.TryRemove(plant, out _);

    /// <summary>Sends refused so far (every plant).</summary>
    public static long Refused => Interlocked.Read(ref _refused);

    private static long _refused;

    internal static bool Refuses(StreamId stream)
    {
        if (stream.GetNamespace() != StreamNamespaces.ErpOutbox || !Plants.ContainsKey(stream.GetKeyAsString()))
        {
            return false;
        }

        Interlocked.Increment(ref _refused);
        return true;
    }
}
