using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Twin.Grains.Twins;

namespace Twin.Hosting.Configuration;

/// <summary>Binds the live twins' bounds (section Twin:Twins) and checks them when the silo starts.</summary>
internal static class TwinOptionsRegistration
{
    public static IServiceCollection AddTwinOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IValidateOptions<TwinOptions>, TwinOptionsValidator>();
        services.AddOptions<TwinOptions>()
            .Bind(configuration.GetSection(TwinOptions.Section))
            .ValidateOnStart();
        return services;
    }
}
