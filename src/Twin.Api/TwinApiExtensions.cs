using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Twin.Api.Endpoints;
using Twin.Api.Errors;
using Twin.Api.Feeds;
using Twin.Api.Requests;
using Twin.Api.Security;

namespace Twin.Api;

/// <summary>Registers the REST API that plant apps use. The host calls these methods.</summary>
public static class TwinApiExtensions
{
    /// <summary>
    /// Adds API services: authentication by API key, authorization roles, problem details, OpenAPI.
    /// When <paramref name="generateDevelopmentKey"/> is true and no key is configured, a
    /// development key is generated and printed (embedded default only).
    /// </summary>
    public static IServiceCollection AddTwinApi(this IServiceCollection services, IConfiguration configuration, bool generateDevelopmentKey)
    {
        services.AddOptions<TwinApiOptions>().Bind(configuration.GetSection(TwinApiOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TwinApiOptions>, TwinApiOptionsValidator>();
        // Command bodies are bounded by the twins themselves (CommandLimitRules, checked at every twin's door in the
        // silo), so REST and the client SDK meet the same limits; a violation comes back as the twin's error.

        var configuredKeys = configuration.GetSection(TwinApiOptions.Section).Get<TwinApiOptions>()?.Keys.Count ?? 0;
        if (generateDevelopmentKey && configuredKeys == 0)
        {
            var key = new DevelopmentApiKey(ApiKeyHash.NewKey());
            services.AddSingleton(key);
            services.PostConfigure<TwinApiOptions>(o => o.Keys.Add(new ApiKeyEntry { Name = DevelopmentApiKey.Name, Hash = ApiKeyHash.Of(key.Key), Role = TwinRoles.Admin }));
            services.AddHostedService<DevelopmentKeyAnnouncer>();
        }

        services.AddSingleton<ApiKeyRegistry>();
        services.AddSingleton<RejectedKeyLog>();
        // ASP.NET Core's own "was not authenticated" line per refused key (Information) repeats what RejectedKeyLog
        // says, without its limit.
        services.AddLogging(b => b.AddFilter(typeof(ApiKeyAuthenticationHandler).FullName, LogLevel.Warning));
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, _ => { })
            .AddBrowserSession();
        // Session cookies and sign-in forms are protected with keys held in memory only: a restart signs people out,
        // and no unencrypted key ring is left on disk.
        services.AddDataProtection().SetApplicationName("Twin").UseEphemeralDataProtectionProvider();
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "twin.antiforgery";
            o.Cookie.SameSite = SameSiteMode.Strict;
        });
        // The policies name no scheme: the API key is the default scheme, which the authentication middleware has
        // already run. Naming it again made every request authenticate a second time and copy the principal.
        // Every policy is one TwinAccessRequirement: the lowest role it accepts and the key's plants and purpose
        // (keys without a scope pass that part).
        services.AddAuthorizationBuilder()
            .AddPolicy(TwinPolicies.Read, p => p.AddRequirements(TwinAccessRequirement.PlantRoutes(TwinRoles.Reader)))
            .AddPolicy(TwinPolicies.Subscribe, p => p.AddAuthenticationSchemes(BrowserSession.KeyOrSessionScheme)
                .AddRequirements(TwinAccessRequirement.PlantRoutes(TwinRoles.Reader)))
            .AddPolicy(TwinPolicies.View, p => p.AddAuthenticationSchemes(BrowserSession.KeyOrSessionScheme)
                .AddRequirements(TwinAccessRequirement.PlantRoutes(TwinRoles.Reader)))
            .AddPolicy(TwinPolicies.Command, p => p.AddRequirements(TwinAccessRequirement.PlantRoutes(TwinRoles.Operator)))
            .AddPolicy(TwinPolicies.Admin, p => p.AddRequirements(TwinAccessRequirement.PlantRoutes(TwinRoles.Admin)))
            .AddPolicy(TwinPolicies.Operations, p => p.AddAuthenticationSchemes(BrowserSession.KeyOrSessionScheme)
                .AddRequirements(TwinAccessRequirement.EveryPlant(TwinRoles.Operator)));
        services.AddSingleton<IAuthorizationHandler, TwinAccessHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ScopeAwareAuthorizationResultHandler>();
        services.AddSingleton<ChangeFeedHub>();
        services.AddSingleton<PlantView.PlantOverviewReader>();

        services.AddProblemDetails(o => o.CustomizeProblemDetails = c => ApiProblems.Enrich(c.HttpContext, c.ProblemDetails));
        services.AddExceptionHandler<ApiExceptionHandler>();
        // Malformed bodies throw so ApiExceptionHandler can answer with a problem naming the field,
        // instead of the framework's empty 400.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            // A missing required field or a null where none is allowed is a 400 naming the field,
            // not a command with an empty item or lot id reaching a twin.
            o.SerializerOptions.RespectNullableAnnotations = true;
            o.SerializerOptions.RespectRequiredConstructorParameters = true;
        });
        services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer<ApiKeySecurityTransformer>();
            o.AddOperationTransformer<CommandHeadersTransformer>();
        });
        return services;
    }

    /// <summary>Maps the REST endpoints under /api and the OpenAPI document at /openapi/v1.json.</summary>
    public static IEndpointRouteBuilder MapTwinApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi();
        endpoints.MapLogin();
        PlantView.PlantViewEndpoints.MapPlantViewPages(endpoints);
        var api = endpoints.MapGroup("/api").RequireAuthorization(TwinPolicies.Read)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapTwinEndpoints();
        return endpoints;
    }

    /// <summary>
    /// Adds, in order: correlation ids, the problem-details boundary (exceptions and routing's empty 404/405 as
    /// problems), authentication and authorization.
    /// Call after routing (WebApplication adds routing first by itself) and before the endpoints run.
    /// </summary>
    public static IApplicationBuilder UseTwinApiSecurity(this IApplicationBuilder app)
    {
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), api =>
        {
            api.UseMiddleware<CorrelationIdMiddleware>();
            api.UseExceptionHandler();
            api.UseStatusCodePages(UnknownRouteProblem.WriteAsync);
        });
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }
}
