using Twin.Erp.Tests.Connector;

namespace Twin.Erp.Tests.Sap;

/// <summary>
/// The connector as a silo gets it: chosen by Erp:Connector:Kind=sap-s4 from configuration, with the mapping tables of
/// the test plant (P1 → 1010, FG-STORE → FG01, LINE-1 → 0001, pcs → ST, work orders 4711/4712 → 1000123/1000124).
/// </summary>
internal sealed class SapConnectorHost(Uri baseAddress, IDictionary<string, string?>? overrides = null)
    : ConfiguredConnectorHost(Settings(baseAddress), overrides)
{
    private static Dictionary<string, string?> Settings(Uri baseAddress) => new()
    {
        ["Erp:Connector:Kind"] = "sap-s4",
        ["Erp:Connector:BaseUrl"] = baseAddress.ToString(),
        ["Erp:Connector:SapClient"] = "100",
        ["Erp:Connector:Auth:User"] = SapSimulatorFixture.User,
        ["Erp:Connector:Auth:Password"] = SapSimulatorFixture.Password,
        ["Erp:Connector:AttemptTimeout"] = "00:00:05",
        ["Erp:Connector:LockRetryAfter"] = "00:00:03",
        ["Erp:Connector:Mapping:Plants:P1"] = "1010",
        ["Erp:Connector:Mapping:Locations:FG-STORE"] = "FG01",
        ["Erp:Connector:Mapping:Locations:LINE-1"] = "0001",
        ["Erp:Connector:Mapping:Units:pcs"] = "ST",
        ["Erp:Connector:Mapping:WorkOrders:4711:Order"] = "1000123",
        ["Erp:Connector:Mapping:WorkOrders:4712:Order"] = "1000124",
    };
}
