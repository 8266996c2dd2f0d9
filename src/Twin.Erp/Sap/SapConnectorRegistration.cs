using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Twin.Erp.Connector;
using Twin.Erp.Inbound;

namespace Twin.Erp.Sap;

/// <summary>Registers the SAP S/4HANA connector (chosen by <c>Erp:Connector:Kind=sap-s4</c>).</summary>
internal static class SapConnectorRegistration
{
    public static IServiceCollection AddSapS4Connector(this IServiceCollection services, IConfiguration section)
    {
        services.AddErpShapedConnector<SapS4Connector, SapConnectorOptions, SapConnectorOptionsValidator>(section, SapS4Connector.HttpClientName, o => o.AttemptTimeout);
        services.TryAddSingleton<IErpOrderSource, SapOrderSource>();
        return services;
    }
}
