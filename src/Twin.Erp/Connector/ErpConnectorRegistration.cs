using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Twin.Erp.Http;
using Twin.Erp.Mapping;

namespace Twin.Erp.Connector;

/// <summary>What every ERP-shaped connector registers: its settings and mapping tables checked at start, telemetry, and its HTTP client.</summary>
internal static class ErpConnectorRegistration
{
    public static IServiceCollection AddErpShapedConnector<TConnector, TOptions, TValidator>(
        this IServiceCollection services, IConfiguration section, string httpClientName, Func<TOptions, TimeSpan> attemptTimeout)
        where TConnector : class, IErpConnector
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.AddOptions<TOptions>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
        services.AddErpMapping(section.GetSection("Mapping"));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ErpConnectorTelemetry>();
        services.AddLogging();
        services.AddMetrics();

        // No retry or circuit handlers: a POST to an ERP is never repeated blind (the connector looks a key up instead).
        // Cookies, where the ERP needs them, are kept by the connector per credential, not by the handler (pooled
        // handlers are recycled).
        services.AddHttpClient(httpClientName, (provider, client) =>
                client.Timeout = attemptTimeout(provider.GetRequiredService<IOptions<TOptions>>().Value) + TimeSpan.FromSeconds(5))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { UseCookies = false, PooledConnectionLifetime = TimeSpan.FromMinutes(2) });

        services.TryAddSingleton<IErpConnector, TConnector>();
        return services;
    }

    public static IServiceCollection AddErpMapping(this IServiceCollection services, IConfiguration section)
    {
        services.AddOptions<ErpMappingOptions>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ErpMappingOptions>, ErpMappingOptionsValidator>());
        services.TryAddSingleton<ErpMapping>();
        return services;
    }
}
