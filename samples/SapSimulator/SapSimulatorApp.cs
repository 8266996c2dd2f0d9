using SapSimulator.Apis;
using SapSimulator.Booking;
using SapSimulator.Faults;
using SapSimulator.Security;

namespace SapSimulator;

/// <summary>Builds the SAP-shaped simulator, for the standalone process and for tests that host it in-process.</summary>
public static class SapSimulatorApp
{
    /// <summary>Builds (does not start) the simulator; <paramref name="args"/> are command-line settings, e.g. <c>--urls http://127.0.0.1:0</c>.</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(SapSimulatorApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        configure?.Invoke(builder);

        builder.Services.AddOptions<SapSimulatorOptions>()
            .Bind(builder.Configuration.GetSection(SapSimulatorOptions.SectionName))
            .Validate(o => !string.IsNullOrEmpty(o.User) && !string.IsNullOrEmpty(o.Password),
                $"{SapSimulatorOptions.SectionName}:User and Password must be set: every endpoint needs a credential.")
            .Validate(o => o.CsrfTokenLifetime > TimeSpan.Zero, $"{SapSimulatorOptions.SectionName}:CsrfTokenLifetime must be positive.")
            .ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<SimulatorAuth>();
        builder.Services.AddSingleton<CsrfSessions>();
        builder.Services.AddSingleton<SimulatorLocks>();
        builder.Services.AddSingleton<SimulatorLedger>();
        builder.Services.AddSingleton<SimulatorFaults>();
        builder.Services.AddSingleton<Orders.ProductionOrderBook>();
        builder.Services.AddSingleton<MasterDataCheck>();
        builder.Services.AddSingleton<ConfirmationService>();
        builder.Services.AddSingleton<MaterialDocumentService>();
        builder.Services.AddSingleton<ChangesetProcessor>();

        var app = builder.Build();
        app.MapPost("/oauth/token", (HttpRequest request, SimulatorAuth auth) =>
            auth.Issue(request) is { } issued
                ? Results.Json(new Dictionary<string, object> { ["access_token"] = issued.Token, ["token_type"] = "bearer", ["expires_in"] = issued.ExpiresIn })
                : Results.Json(new Dictionary<string, string> { ["error"] = "invalid_client" }, statusCode: 401));
        app.MapODataApi();
        app.MapAdminApi();
        return app;
    }
}
