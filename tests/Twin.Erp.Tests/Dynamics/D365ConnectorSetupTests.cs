using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Twin.Erp.Tests.Sap;

namespace Twin.Erp.Tests.Dynamics;

/// <summary>Erp:Connector:Kind=d365-scm picks the Dynamics 365 connector; wrong settings stop the host with one line each.</summary>
public sealed class D365ConnectorSetupTests
{
    [Fact]
    public async Task D365_settings_are_checked_at_start()
    {
        var error = await SapConnectorSetupTests.StartAsync(new()
        {
            ["Erp:Connector:Kind"] = "D365-SCM",
            ["Erp:Connector:BaseUrl"] = "contoso.operations.dynamics.com",
            ["Erp:Connector:Auth:ClientId"] = "app",
            ["Erp:Connector:MessageQueue"] = " ",
            ["Erp:Connector:MaxParallelOrders"] = "0",
        });

        Assert.Contains("Erp:Connector:BaseUrl is 'contoso.operations.dynamics.com'; set it to the D365 environment's absolute http(s) address, e.g. https://contoso.operations.dynamics.com.", error);
        Assert.Contains("Erp:Connector:Auth:TokenUrl is ''; set the Entra ID token endpoint, e.g. https://login.microsoftonline.com/<tenant>/oauth2/v2.0/token.", error);
        Assert.Contains("Erp:Connector:Auth:ClientId and Auth:ClientSecret must both be set (the Entra ID app registration D365 knows).", error);
        Assert.Contains("Erp:Connector:MessageQueue is empty; set it (e.g. JmgMES3P).", error);
        Assert.Contains("Erp:Connector:MaxParallelOrders is 0; it must be between 1 and 64.", error);
    }

    [Fact]
    public void Kind_d365_scm_chooses_the_Dynamics_connector()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Erp:Connector:Kind"] = "d365-scm",
            ["Erp:Connector:BaseUrl"] = "http://127.0.0.1:1",
            ["Erp:Connector:Auth:TokenUrl"] = "http://127.0.0.1:1/t/oauth2/v2.0/token",
            ["Erp:Connector:Auth:ClientId"] = "app",
            ["Erp:Connector:Auth:ClientSecret"] = "secret",
        }).Build();
        using var services = new ServiceCollection().AddErpConnector(configuration.GetSection("Erp:Connector")).BuildServiceProvider();

        Assert.Equal("D365ScmConnector", services.GetRequiredService<Twin.Erp.Connector.IErpConnector>().GetType().Name);
    }
}
