using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Twin.Api.Requests;

namespace Twin.Api.Endpoints;

/// <summary>Maps every endpoint group under /api; every id in a route is checked by <see cref="RouteIdFilter"/>, the limits of every command body by the
/// twin it goes to (<see cref="Twin.Contracts.CommandLimitRules"/>, held by the silo for REST and SDK calls alike).</summary>
internal static class TwinEndpoints
{
    public static RouteGroupBuilder MapTwinEndpoints(this RouteGroupBuilder api)
    {
        api.MapCallerEndpoints();
        var plant = api.MapGroup("/plants/{plant}")
            .AddEndpointFilter<RouteIdFilter>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        plant.MapMachineEndpoints();
        plant.MapWorkOrderEndpoints();
        plant.MapLotEndpoints();
        plant.MapLocationEndpoints();
        plant.MapErpEndpoints();
        plant.MapKpiEndpoints();
        plant.MapWebhookEndpoints();
        Feeds.ChangeFeedEndpoints.MapChangeFeedEndpoints(plant);
        Pipeline.ConnectionEndpoints.MapConnectionEndpoints(plant);
        PlantView.PlantViewEndpoints.MapOverview(plant);
        return api;
    }
}
