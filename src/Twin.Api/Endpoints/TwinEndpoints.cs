using Microsoft.AspNetCore.Routing;

namespace Twin.Api.Endpoints;

/// <summary>Maps every endpoint group under /api.</summary>
internal static class TwinEndpoints
{
    public static RouteGroupBuilder MapTwinEndpoints(this RouteGroupBuilder api)
    {
        api.MapCallerEndpoints();
        return api;
    }
}
