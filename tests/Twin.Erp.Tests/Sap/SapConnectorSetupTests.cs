using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Twin.Erp.Tests.Sap;

/// <summary>Erp:Connector:Kind picks the connector at start; wrong settings stop the host with one line each.</summary>
public sealed class SapConnectorSetupTests
{
    [Theory]
    [InlineData("sap-r3", "Erp:Connector:Kind is 'sap-r3'; it must be one of twin-json, sap-s4, d365-scm.")]
    [InlineData("d365-fo", "Erp:Connector:Kind is 'd365-fo'; it must be one of twin-json, sap-s4, d365-scm.")]
    public async Task An_unknown_kind_stops_the_host_naming_the_kinds_there_are(string kind, string expected)
    {
        var error = await StartAsync(new() { ["Erp:Connector:Kind"] = kind, ["Erp:Connector:BaseUrl"] = "http://127.0.0.1:1" });

        Assert.Equal(expected, Assert.Single(error));
    }

    [Fact]
    public async Task Sap_settings_and_mapping_tables_are_checked_at_start()
    {
        var error = await StartAsync(new()
        {
            ["Erp:Connector:Kind"] = "SAP-S4",
            ["Erp:Connector:BaseUrl"] = "s4.example.com",
            ["Erp:Connector:SapClient"] = "1000",
            ["Erp:Connector:Auth:Mode"] = "OAuth2",
            ["Erp:Connector:MaxDocumentsPerBatch"] = "0",
            ["Erp:Connector:Mapping:Plants:P1"] = " ",
            ["Erp:Connector:Mapping:WorkOrders:4711:Operations:10"] = "0010",
        });

        Assert.Contains("Erp:Connector:BaseUrl is 's4.example.com'; set it to the SAP system's absolute http(s) address, e.g. https://s4.example.com.", error);
        Assert.Contains("Erp:Connector:SapClient is '1000'; it must be three digits (e.g. 100) or empty for a cloud system.", error);
        Assert.Contains(error, f => f.StartsWith("Erp:Connector:Auth:TokenUrl is ''", StringComparison.Ordinal));
        Assert.Contains("Erp:Connector:Auth:ClientId and Auth:ClientSecret must both be set for Auth:Mode=OAuth2.", error);
        Assert.Contains("Erp:Connector:MaxDocumentsPerBatch is 0; it must be between 1 and 1000.", error);
        var mapping = await StartAsync(new()
        {
            ["Erp:Connector:Kind"] = "sap-s4",
            ["Erp:Connector:BaseUrl"] = "http://127.0.0.1:1",
            ["Erp:Connector:Auth:User"] = "u",
            ["Erp:Connector:Auth:Password"] = "p",
            ["Erp:Connector:Mapping:Plants:P1"] = " ",
            ["Erp:Connector:Mapping:WorkOrders:4711:Operations:10"] = "0010",
        });
        Assert.Contains("Erp:Connector:Mapping:Plants:P1 is ' '; set the ERP's value (no surrounding spaces) or remove the entry.", mapping);
        Assert.Contains("Erp:Connector:Mapping:WorkOrders:4711:Order is empty; set the ERP order number for work order 4711.", mapping);
    }

    [Fact]
    public void Without_a_kind_the_twin_json_connector_is_chosen()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Erp:Connector:BaseUrl"] = "http://127.0.0.1:5080" }).Build();
        using var services = new ServiceCollection().AddErpConnector(configuration.GetSection("Erp:Connector")).BuildServiceProvider();

        Assert.Equal("HttpErpConnector", services.GetRequiredService<Twin.Erp.Connector.IErpConnector>().GetType().Name);
    }

    /// <summary>Starts a host with <paramref name="settings"/>; returns every line the start-time checks failed with.</summary>
    internal static async Task<List<string>> StartAsync(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddErpConnector(builder.Configuration.GetSection("Erp:Connector"));
        using var host = builder.Build();
        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());
        var failures = error is AggregateException all ? all.InnerExceptions : [error];
        return failures.Cast<OptionsValidationException>().SelectMany(f => f.Failures).ToList();
    }
}
