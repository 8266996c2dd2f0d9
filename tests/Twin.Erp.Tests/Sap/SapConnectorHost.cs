using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Twin.Erp.Connector;

namespace Twin.Erp.Tests.Sap;

/// <summary>
/// The connector as a silo gets it: chosen by Erp:Connector:Kind=sap-s4 from configuration, with the mapping tables of
/// the test plant (P1 → 1010, FG-STORE → FG01, LINE-1 → 0001, pcs → ST, work orders 4711/4712 → 1000123/1000124).
/// </summary>
internal sealed class SapConnectorHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    public SapConnectorHost(Uri baseAddress, IDictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>
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
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        _services = new ServiceCollection().AddErpConnector(configuration.GetSection("Erp:Connector")).BuildServiceProvider(validateScopes: true);
        Connector = _services.GetRequiredService<IErpConnector>();
    }

    public IErpConnector Connector { get; }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
