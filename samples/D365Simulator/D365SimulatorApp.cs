using D365Simulator.Apis;
using D365Simulator.Faults;
using D365Simulator.Messages;
using D365Simulator.Security;

namespace D365Simulator;

/// <summary>Builds the D365-shaped simulator, for the standalone process and for tests that host it in-process.</summary>
public static class D365SimulatorApp
{
    /// <summary>Builds (does not start) the simulator; <paramref name="args"/> are command-line settings, e.g. <c>--urls http://127.0.0.1:0</c>.</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(D365SimulatorApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        configure?.Invoke(builder);

        builder.Services.AddOptions<D365SimulatorOptions>()
            .Bind(builder.Configuration.GetSection(D365SimulatorOptions.SectionName))
            .Validate(o => !string.IsNullOrEmpty(o.ClientId) && !string.IsNullOrEmpty(o.ClientSecret),
                $"{D365SimulatorOptions.SectionName}:ClientId and ClientSecret must be set: every endpoint needs a credential.")
            .Validate(o => o.TokenLifetime > TimeSpan.Zero, $"{D365SimulatorOptions.SectionName}:TokenLifetime must be positive.")
            .ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<TokenIssuer>();
        builder.Services.AddSingleton<SimulatorFaults>();
        builder.Services.AddSingleton<MessageStore>();
        builder.Services.AddSingleton<Orders.ProductionOrderEntities>();
        builder.Services.AddHostedService<BatchJob>();

        var app = builder.Build();
        // Entra ID's shape: /{tenant}/oauth2/v2.0/token, form body with the client's id and secret.
        app.MapPost("/{tenant}/oauth2/v2.0/token", async (HttpRequest request, TokenIssuer issuer) =>
            request.HasFormContentType && issuer.Issue(await request.ReadFormAsync(request.HttpContext.RequestAborted)) is { } issued
                ? Results.Json(new Dictionary<string, object> { ["token_type"] = "Bearer", ["expires_in"] = issued.ExpiresIn, ["access_token"] = issued.Token })
                : Results.Json(new Dictionary<string, string> { ["error"] = "invalid_client", ["error_description"] = "AADSTS7000215: Invalid client secret provided." }, statusCode: 401));
        app.MapMesApi();
        app.MapAdminApi();
        return app;
    }
}
