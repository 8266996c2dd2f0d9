using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Twin.Erp.Connector;

namespace Twin.Erp.Sap;

/// <summary>Registers the SAP S/4HANA connector (chosen by <c>Erp:Connector:Kind=sap-s4</c>).</summary>
internal static class SapConnectorRegistration
{
    public static IServiceCollection AddSapS4Connector(this IServiceCollection services, IConfiguration section) =>
        services.AddErpShapedConnector<SapS4Connector, SapConnectorOptions, SapConnectorOptionsValidator>(section, SapS4Connector.HttpClientName, o => o.AttemptTimeout);
}
