using Twin.Erp.Tests.Connector;

namespace Twin.Erp.Tests.Dynamics;

/// <summary>
/// The connector as a silo gets it: chosen by Erp:Connector:Kind=d365-scm from configuration, with the mapping tables
/// of the test plant (P1 → USMF, FG-STORE → warehouse 11 location FG-01, LINE-1 → 11, pcs → ea, work orders
/// 4711/4712 → P000123/P000124, 4799 → P000999 which D365 does not know; operation numbers kept as they are).
/// </summary>
internal sealed class D365ConnectorHost(D365SimulatorFixture d365, IDictionary<string, string?>? overrides = null)
    : ConfiguredConnectorHost(Settings(d365), overrides)
{
    private static Dictionary<string, string?> Settings(D365SimulatorFixture d365) => new()
    {
        ["Erp:Connector:Kind"] = "d365-scm",
        ["Erp:Connector:BaseUrl"] = d365.BaseAddress.ToString(),
        ["Erp:Connector:Auth:TokenUrl"] = d365.TokenUrl.ToString(),
        ["Erp:Connector:Auth:ClientId"] = D365SimulatorFixture.ClientId,
        ["Erp:Connector:Auth:ClientSecret"] = D365SimulatorFixture.ClientSecret,
        ["Erp:Connector:AttemptTimeout"] = "00:00:05",
        ["Erp:Connector:StatusPollInterval"] = "00:00:00.020",
        ["Erp:Connector:StatusPollTimeout"] = "00:00:05",
        ["Erp:Connector:LookUpAfterStart"] = "00:00:00",
        ["Erp:Connector:Mapping:Plants:P1"] = "USMF",
        ["Erp:Connector:Mapping:Locations:FG-STORE"] = "11/FG-01",
        ["Erp:Connector:Mapping:Locations:LINE-1"] = "11",
        ["Erp:Connector:Mapping:Units:pcs"] = "ea",
        ["Erp:Connector:Mapping:WorkOrders:4711:Order"] = "P000123",
        ["Erp:Connector:Mapping:WorkOrders:4712:Order"] = "P000124",
        ["Erp:Connector:Mapping:WorkOrders:4799:Order"] = "P000999",
        ["Erp:Connector:Mapping:OperationNumberWidth"] = "0",
    };
}
