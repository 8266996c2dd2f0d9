using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Twin.Erp.Connector;
using Twin.Erp.Http;
using Twin.Erp.Mapping;

namespace Twin.Erp.Sap;

/// <summary>Registers the SAP S/4HANA connector (chosen by <c>Erp:Connector:Kind=sap-s4</c>).</summary>
internal static class SapConnectorRegistration
{
    public static IServiceCollection AddSapS4Connector(this IServiceCollection services, IConfiguration section)
    {
        services.AddOptions<SapConnectorOptions>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SapConnectorOptions>, SapConnectorOptionsValidator>());
        services.AddErpMapping(section.GetSection("Mapping"));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ErpConnectorTelemetry>();
        services.AddLogging();
        services.AddMetrics();

        // No retry or circuit handlers: a POST to SAP is never repeated blind (the connector looks a key up instead).
        // Cookies are kept by the connector per credential, not by the handler (pooled handlers are recycled).
        services.AddHttpClient(SapS4Connector.HttpClientName, (provider, client) =>
            {
                var settings = provider.GetRequiredService<IOptions<SapConnectorOptions>>().Value;
                client.Timeout = settings.AttemptTimeout + TimeSpan.FromSeconds(5);
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { UseCookies = false, PooledConnectionLifetime = TimeSpan.FromMinutes(2) });

        services.TryAddSingleton<IErpConnector, SapS4Connector>();
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
