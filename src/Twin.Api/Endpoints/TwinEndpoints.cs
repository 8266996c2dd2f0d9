using Microsoft.AspNetCore.Routing;

namespace Twin.Api.Endpoints;

/// <summary>Maps every twin endpoint group under /api/plants/{plant}.</summary>
internal static class TwinEndpoints
{
    public static RouteGroupBuilder MapTwinEndpoints(this RouteGroupBuilder api) => api;
}
