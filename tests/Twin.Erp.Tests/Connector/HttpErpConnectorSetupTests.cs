using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Twin.Erp.Connector;

namespace Twin.Erp.Tests.Connector;

public sealed class HttpErpConnectorSetupTests
{
    [Fact]
    public async Task Invalid_settings_stop_the_host_at_start_naming_each_setting()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddErpConnector(o =>
        {
            o.BaseUrl = "erp.example";
            o.MaxBatchSize = 0;
            o.RateLimitPerSecond = -1;
        });
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Erp:Connector:BaseUrl is 'erp.example'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Erp:Connector:MaxBatchSize", error.Message, StringComparison.Ordinal);
        Assert.Contains("Erp:Connector:RateLimitPerSecond", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_bind_from_configuration()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Erp:Connector:BaseUrl"] = "http://127.0.0.1:5080",
            ["Erp:Connector:RateLimitPerSecond"] = "20",
            ["Erp:Connector:RateLimitUnit"] = "Transactions",
            ["Erp:Connector:AttemptTimeout"] = "00:00:03",
        });
        builder.Services.AddErpConnector(builder.Configuration.GetSection("Erp:Connector"));
        using var host = builder.Build();

        var options = host.Services.GetRequiredService<IOptions<Twin.Erp.Http.HttpErpConnectorOptions>>().Value;

        Assert.Equal((20d, Twin.Erp.Http.ErpRateLimitUnit.Transactions, TimeSpan.FromSeconds(3)), (options.RateLimitPerSecond, options.RateLimitUnit, options.AttemptTimeout));
    }

    [Fact]
    public async Task A_refused_connection_is_transient()
    {
        await using var connector = new ConnectorHost(new Uri($"http://127.0.0.1:{ClosedPort()}"), o => o.MaxRetryAttempts = 1);

        var outcome = Assert.Single(await connector.Connector.PostBatchAsync([TestTransactions.Confirmation("e-refused")]));

        Assert.Equal(ErpOutcomeStatus.Transient, outcome.Status);
        Assert.Contains("could not reach ERP", outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_auth_header_is_sent_and_a_wrong_key_is_a_rejection_with_the_erp_reason()
    {
        await using var erp = await ErpSimulatorFixture.StartAsync("--ErpSimulator:ApiKey=Bearer plant-42");
        await using var right = new ConnectorHost(erp.BaseAddress, o => o.AuthHeaderValue = "Bearer plant-42");
        await using var wrong = new ConnectorHost(erp.BaseAddress, o => o.AuthHeaderValue = "Bearer guess");

        var booked = Assert.Single(await right.Connector.PostBatchAsync([TestTransactions.Confirmation(TestTransactions.NewEventId("auth"))]));
        var refused = Assert.Single(await wrong.Connector.PostBatchAsync([TestTransactions.Confirmation(TestTransactions.NewEventId("auth"))]));

        Assert.Equal(ErpOutcomeStatus.Booked, booked.Status);
        Assert.Equal(ErpOutcomeStatus.Rejected, refused.Status);
        Assert.Contains("401", refused.Reason, StringComparison.Ordinal);
        Assert.Contains("Send the ERP API key in the Authorization header.", refused.Reason, StringComparison.Ordinal);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
