using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;

namespace Twin.Grains.Plants;

/// <summary>
/// Finds the silo's directory store: the one the host registered (<see cref="IPlantDirectoryStore"/>:
/// PostgreSQL in the postgres profile, in memory in the embedded one), else one in-memory store per silo,
/// so a silo configured without one (a test host) still lists its twins.
/// </summary>
public static class PlantDirectoryStores
{
    private static readonly ConditionalWeakTable<object, InMemoryPlantDirectoryStore> _fallbacks = new();

    public static IPlantDirectoryStore Resolve(IServiceProvider services) =>
        services.GetService<IPlantDirectoryStore>()
        // Keyed by a silo-wide singleton: grain activations get a service scope of their own.
        ?? _fallbacks.GetValue(services.GetRequiredService<IGrainFactory>(), _ => new InMemoryPlantDirectoryStore());
}
