using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Twin.Client;

namespace Twin.Api.Tests.Infrastructure;

/// <summary>A separate host with the client SDK connected to the test silo's gateway, as a plant app would run it.</summary>
public static class SdkClientHost
{
    public static async Task<(IHost Host, ITwinClient Twins)> StartAsync(ApiSiloFixture silo, string user)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Twin:Client:ClusterId"] = ApiSiloFixture.ClusterId,
            ["Twin:Client:ServiceId"] = ApiSiloFixture.ServiceId,
            ["Twin:Client:User"] = user,
        });
        builder.AddTwinClient(o => o.GatewayPort = silo.GatewayPort);
        var host = builder.Build();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await host.StartAsync(timeout.Token);
        return (host, host.Services.GetRequiredService<ITwinClient>());
    }

    public static async Task StopAsync(IHost host)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await host.StopAsync(timeout.Token);
        host.Dispose();
    }
}
