using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Twin.Grains.Publishing;
using Twin.Grains.Twins;

namespace Twin.Hosting.Configuration;

/// <summary>Binds the live twins' bounds (section Twin:Twins) and event batching (Twin:Publishing), checked when the silo starts.</summary>
internal static class TwinOptionsRegistration
{
    public static IServiceCollection AddTwinOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IValidateOptions<TwinOptions>, TwinOptionsValidator>();
        services.AddOptions<TwinOptions>()
            .Bind(configuration.GetSection(TwinOptions.Section))
            .ValidateOnStart();
        services.AddTwinEventPublisher();
        services.AddOptions<PublishingOptions>()
            .Bind(configuration.GetSection(PublishingOptions.Section))
            .ValidateOnStart();
        return services;
    }
}
