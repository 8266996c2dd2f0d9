using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Twin.Api.Security;
using Twin.Erp.Connector;
using Twin.Hosting;
using Twin.Testing;

namespace Twin.Cli.Tests.Infrastructure;

/// <summary>
/// One silo for the CLI tests, registered exactly as Silo/Program.cs does (AddTwinPlatform, embedded profile) on free
/// loopback ports, with a key per role and an ERP connector the tests steer (<see cref="RejectingErpConnector"/>), so
/// dead letters and their replay are real. Started once: it takes seconds, the tests take milliseconds each.
/// </summary>
public sealed class CliSiloFixture : IAsyncLifetime
{
    public static readonly string ReaderKey = ApiKeyHash.NewKey();
    public static readonly string OperatorKey = ApiKeyHash.NewKey();
    public static readonly string AdminKey = ApiKeyHash.NewKey();

    private WebApplication? _app;

    public Uri BaseAddress { get; } = new($"http://127.0.0.1:{FreePorts.Next()}");

    public RejectingErpConnector Erp { get; } = new();

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Twin:ClusterId"] = "twin-cli-tests",
            ["Twin:ServiceId"] = "twin-cli-tests",
            ["Twin:SiloPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            ["Twin:GatewayPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            ["Twin:HttpUrls"] = BaseAddress.ToString().TrimEnd('/'),
            ["Twin:Api:Keys:0:Name"] = "screen",
            ["Twin:Api:Keys:0:Hash"] = ApiKeyHash.Of(ReaderKey),
            ["Twin:Api:Keys:0:Role"] = "reader",
            ["Twin:Api:Keys:1:Name"] = "mes",
            ["Twin:Api:Keys:1:Hash"] = ApiKeyHash.Of(OperatorKey),
            ["Twin:Api:Keys:1:Role"] = "operator",
            ["Twin:Api:Keys:2:Name"] = "it",
            ["Twin:Api:Keys:2:Hash"] = ApiKeyHash.Of(AdminKey),
            ["Twin:Api:Keys:2:Role"] = "admin",
            // Every event its own ERP document, posted within milliseconds, so a replay settles quickly.
            ["Erp:Posting:Window"] = "00:00:00",
            ["Erp:Outbox:MaxBatchAge"] = "00:00:00.050",
            ["Erp:Outbox:InitialRetryDelay"] = "00:00:00.100",
            ["Erp:Outbox:MaxRetryDelay"] = "00:00:00.200",
            ["Erp:Sync:PumpInterval"] = "00:00:00.020",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddTwinPlatform();
        // After the platform's registrations, so the ERP-sync grains resolve this connector.
        builder.Services.AddSingleton<IErpConnector>(Erp);
        _app = builder.Build();
        _app.MapTwinPlatform();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _app.StartAsync(deadline.Token);
    }

    /// <summary>An HTTP client for setting up twins with the operator key (the CLI itself only reads and replays).</summary>
    public PlantRest Rest(string plant) => new(new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(20) }, plant, OperatorKey);

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await _app.StopAsync(deadline.Token);
            await _app.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class CliSiloCollection : ICollectionFixture<CliSiloFixture>
{
    public const string Name = "cli silo";
}
