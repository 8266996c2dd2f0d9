using Orleans.Configuration;
using Orleans.Hosting;
using Twin.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Twin.Grains.Persistence;
using Twin.Grains.Plants;

namespace Twin.Hosting.Providers;

/// <summary>
/// Storage and streams of the embedded default, in memory. Also used by the in-process test
/// cluster so grain tests run against the same provider names and stream tuning.
/// </summary>
public static class EmbeddedProviders
{
    /// <summary>
    /// Stream pulling agents poll every 100 ms by default, which dominates event latency;
    /// 15 ms brought p99 from ~110 ms to ~30-90 ms at half load (DESIGN.md measurements).
    /// </summary>
    public static readonly TimeSpan StreamPollPeriod = TimeSpan.FromMilliseconds(15);

    /// <summary>
    /// The memory-stream cache keeps delivered events 5 minutes by default, which grew RSS by
    /// ~1 GB per 20 s at high rates; 10 s is plenty for rewinding subscribers.
    /// </summary>
    public static readonly TimeSpan StreamCacheTime = TimeSpan.FromSeconds(10);

    public static ISiloBuilder AddTwinMemoryProviders(this ISiloBuilder silo)
    {
        // Same serializer as the PostgreSQL profile: plain JSON the twins' state round-trips through.
        silo.AddMemoryGrainStorage(TwinProviders.Storage, o => o.GrainStorageSerializer = new TwinJsonGrainStorageSerializer());
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
        silo.UseInMemoryReminderService();
        // Plant directories: sorted in memory, one row per listing (see IPlantDirectoryStore).
        silo.Services.AddSingleton<IPlantDirectoryStore, InMemoryPlantDirectoryStore>();
        return silo;
    }

    /// <summary>The grain storage name Orleans uses for explicit stream subscriptions.</summary>
    public const string PubSubStoreName = "PubSubStore";
}
