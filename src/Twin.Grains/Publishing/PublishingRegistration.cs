using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Twin.Grains.Publishing;

/// <summary>Registers the silo-wide <see cref="TwinEventPublisher"/> every twin grain publishes through.</summary>
public static class PublishingRegistration
{
    /// <summary>Idempotent. The host binds <see cref="PublishingOptions.Section"/> to <see cref="PublishingOptions"/>.</summary>
    public static IServiceCollection AddTwinEventPublisher(this IServiceCollection services)
    {
        services.TryAddSingleton<TwinEventPublisher>();
        services.AddOptions<PublishingOptions>()
            .Validate(o => o.MaxBatchEvents is >= 1 and <= 100_000 && o.Linger >= TimeSpan.Zero && o.Linger <= TimeSpan.FromSeconds(1),
                $"{PublishingOptions.Section}: MaxBatchEvents must be 1..100000 and Linger between 0 and 1 s.");
        return services;
    }
}
