using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Twin.Api.Tests.Infrastructure;

/// <summary>
/// A small API-only web app on a loopback port (no silo): for what the key handling does, which involves no grain.
/// </summary>
internal static class ApiOnlyApp
{
    public static WebApplication Build(Dictionary<string, string?> settings, bool generateDevelopmentKey, CollectingLoggerProvider logs)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders().AddProvider(logs);
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Services.AddTwinApi(builder.Configuration, generateDevelopmentKey);
        var app = builder.Build();
        app.UseTwinApiSecurity();
        app.MapTwinApi();
        return app;
    }

    public static Uri BaseAddress(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
}
