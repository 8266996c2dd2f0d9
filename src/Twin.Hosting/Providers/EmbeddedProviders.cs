using Orleans.Configuration;
using Orleans.Hosting;
using Twin.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Twin.Grains.Persistence;
using Twin.Grains.Publishing;
using Twin.Grains.Plants;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Twin.Erp.Outbox;
using Twin.Hosting.Storage;

namespace Twin.Hosting.Providers;

/// <summary>
/// Storage and streams of the embedded default, in memory. Also used by the in-process test
/// cluster so grain tests run against the same provider names and stream tuning.
/// </summary>
public static class EmbeddedProviders
{
    /// <summary>
    /// Stream pulling agents poll every 100 ms by default, which dominates event latency;
    /// 15 ms brought p99 from ~110 ms to ~30-90 ms at half load (docs/architecture.md, the ceilings).
    /// </summary>
    public static readonly TimeSpan StreamPollPeriod = TimeSpan.FromMilliseconds(15);

    /// <summary>
    /// The memory-stream cache keeps delivered events 5 minutes by default, which grew RSS by
    /// ~1 GB per 20 s at high rates; 10 s is plenty for rewinding subscribers.
    /// </summary>
    public static readonly TimeSpan StreamCacheTime = TimeSpan.FromSeconds(10);

    public static ISiloBuilder AddTwinMemoryProviders(this ISiloBuilder silo)
    {
        // Same serializer as the PostgreSQL profile: plain JSON the twins' state round-trips through. The live twins'
        // storage keeps the bytes in a dictionary (no storage grain hop per write: Storage/InMemoryTwinStateStorage.cs).
        silo.AddTwinMemoryStateStorage(TwinProviders.Storage);
        silo.AddMemoryGrainStorage(TwinProviders.DurableStorage, o => o.GrainStorageSerializer = new TwinJsonGrainStorageSerializer());
        silo.AddMemoryGrainStorage(PubSubStoreName);
        silo.AddMemoryStreams(TwinProviders.Streams, streams =>
        {
            streams.ConfigurePullingAgent(agent => agent.Configure(o => o.GetQueueMsgsTimerPeriod = StreamPollPeriod));
            streams.ConfigureCacheEviction(eviction => eviction.Configure(o =>
            {
                o.DataMinTimeInCache = StreamCacheTime;
                o.DataMaxAgeInCache = StreamCacheTime;
            }));
        });
        // The ERP outbox stream has its own provider (own queues: an ERP backlog cannot stall the twins' streams), whose
        // agents never give up on an item and whose cache keeps items long enough for a consumer that waits.
        silo.AddMemoryStreams(TwinProviders.ErpStreams, streams =>
        {
            streams.ConfigurePullingAgent(agent => agent.Configure(o =>
            {
                o.GetQueueMsgsTimerPeriod = StreamPollPeriod;
                o.MaxEventDeliveryTime = ErpStreamMaxEventDeliveryTime;
            }));
            streams.ConfigureBackoffProvider((_, _) => new ErpStreamDeliveryBackoff());
            streams.ConfigureCacheEviction(eviction => eviction.Configure(o =>
            {
                o.DataMinTimeInCache = ErpStreamCacheTime;
                o.DataMaxAgeInCache = ErpStreamCacheTime;
            }));
        });
        // Twins publish their events through one batching publisher per silo (Twin.Grains/Publishing).
        silo.Services.AddTwinEventPublisher();
        silo.UseInMemoryReminderService();
        // ERP outbox: rows in this process's memory; never refuses, lost on restart (the silo says so at start).
        silo.Services.AddSingleton<IErpOutboxStore>(sp =>
            new InMemoryErpOutboxStore(sp.GetRequiredService<IOptions<ErpOutboxOptions>>().Value.MaxRememberedBookedKeys));
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, InMemoryErpOutboxNotice>();
        // Plant directories: sorted in memory, one row per listing (see IPlantDirectoryStore).
        silo.Services.AddSingleton<IPlantDirectoryStore, InMemoryPlantDirectoryStore>();
        return silo;
    }

    /// <summary>
    /// How long a pulling agent of the ERP stream provider keeps re-delivering one item to a consumer that throws
    /// before it calls the failure handler and moves on (Orleans' default: 1 minute, after which the item is lost
    /// to that consumer). The ERP-sync grain never throws for a full queue; it throws only when its outbox store is
    /// unreachable, and then the item must wait for the store, however long. 20 days: longer than any outage the
    /// platform is sized for, and below the ~24.8-day ceiling of .NET timers in case Orleans ever waits on it.
    /// </summary>
    public static readonly TimeSpan ErpStreamMaxEventDeliveryTime = TimeSpan.FromDays(20);

    /// <summary>The ERP stream's memory cache keeps items 10 minutes (its rate is far below the signal streams').</summary>
    public static readonly TimeSpan ErpStreamCacheTime = TimeSpan.FromMinutes(10);

    /// <summary>The grain storage name Orleans uses for explicit stream subscriptions.</summary>
    public const string PubSubStoreName = "PubSubStore";
}
