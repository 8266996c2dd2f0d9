using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Twin.Contracts;

namespace Twin.Api.Pipeline;

/// <summary>/api/plants/{plant}/connections: health of the plant's OPC UA connections (state, last data, notifications, gaps, unknown nodes).</summary>
internal static class ConnectionEndpoints
{
    public static RouteGroupBuilder MapConnectionEndpoints(this RouteGroupBuilder plant)
    {
        var connections = plant.MapGroup("/connections").WithTags("OPC UA connections");

        connections.MapGet("/", async (string plant, [FromServices] IGrainFactory grains) =>
            TypedResults.Ok(await grains.GetGrain<IPlantIngestGrain>(plant).GetConnections()))
            .WithName("ListConnections")
            .WithSummary("Every configured OPC UA connection of the plant with its health; empty when the plant has none.");

        connections.MapGet("/{name}", async Task<IResult> (string plant, string name, [FromServices] IGrainFactory grains) =>
        {
            var all = await grains.GetGrain<IPlantIngestGrain>(plant).GetConnections();
            return all.FirstOrDefault(c => c.ConnectionId == $"{plant}:{name}") is { } health
                ? TypedResults.Ok(health)
                : Results.Problem(Errors.ApiProblems.Create(StatusCodes.Status404NotFound, "connection-not-found", "Connection not found",
                    $"Plant '{plant}' has no OPC UA connection named '{name}'; list them with GET /api/plants/{plant}/connections."));
        })
        .WithName("GetConnection")
        .WithSummary("Health of one OPC UA connection.");

        return plant;
    }
}
