using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Twin.Grains.Kpis;

/// <summary>Registers the KPI and objective settings (Twin:Kpis, Twin:Objectives, checked at start), the silo's latency recorder and its reporter.</summary>
public static class KpiServices
{
    public static IServiceCollection AddTwinKpis(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton<KpiOptionsValidator>();
        services.AddSingleton<IValidateOptions<KpiOptions>>(sp => sp.GetRequiredService<KpiOptionsValidator>());
        services.AddSingleton<IValidateOptions<ObjectiveOptions>>(sp => sp.GetRequiredService<KpiOptionsValidator>());
        services.AddOptions<KpiOptions>().Bind(configuration.GetSection(KpiOptions.Section)).ValidateOnStart();
        services.AddOptions<ObjectiveOptions>().Bind(configuration.GetSection(ObjectiveOptions.Section)).ValidateOnStart();
        services.TryAddSingleton<ObjectiveRecorder>();
        services.TryAddSingleton<ObjectiveReporter>();
        services.AddHostedService(sp => sp.GetRequiredService<ObjectiveReporter>());
        return services;
    }
}
