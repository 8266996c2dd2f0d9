using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Twin.Erp.Connector;
using Twin.Erp.Inbound;

namespace Twin.Erp.Dynamics;

/// <summary>Registers the Dynamics 365 Supply Chain Management connector (chosen by <c>Erp:Connector:Kind=d365-scm</c>).</summary>
internal static class D365ConnectorRegistration
{
    public static IServiceCollection AddD365ScmConnector(this IServiceCollection services, IConfiguration section)
    {
        services.AddErpShapedConnector<D365ScmConnector, D365ConnectorOptions, D365ConnectorOptionsValidator>(section, D365ScmConnector.HttpClientName, o => o.AttemptTimeout);
        services.TryAddSingleton<IErpOrderSource, D365OrderSource>();
        return services;
    }
}
