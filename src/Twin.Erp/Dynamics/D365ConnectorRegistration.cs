using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Twin.Erp.Connector;
using Twin.Erp.Http;
using Twin.Erp.Sap;

namespace Twin.Erp.Dynamics;

/// <summary>Registers the Dynamics 365 Supply Chain Management connector (chosen by <c>Erp:Connector:Kind=d365-scm</c>).</summary>
internal static class D365ConnectorRegistration
{
    public static IServiceCollection AddD365ScmConnector(this IServiceCollection services, IConfiguration section)
    {
        services.AddOptions<D365ConnectorOptions>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<D365ConnectorOptions>, D365ConnectorOptionsValidator>());
        services.AddErpMapping(section.GetSection("Mapping"));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ErpConnectorTelemetry>();
        services.AddLogging();
        services.AddMetrics();

        // No retry handlers: a message is never sent blind twice (the connector reads its status instead).
        services.AddHttpClient(D365ScmConnector.HttpClientName, (provider, client) =>
            {
                var settings = provider.GetRequiredService<IOptions<D365ConnectorOptions>>().Value;
                client.Timeout = settings.AttemptTimeout + TimeSpan.FromSeconds(5);
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { UseCookies = false, PooledConnectionLifetime = TimeSpan.FromMinutes(2) });

        services.TryAddSingleton<IErpConnector, D365ScmConnector>();
        return services;
    }
}
