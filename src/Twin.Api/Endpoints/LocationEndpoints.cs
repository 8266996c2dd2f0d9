using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Twin.Api.Requests;
using Twin.Api.Security;
using Twin.Contracts;

namespace Twin.Api.Endpoints;

/// <summary>/api/plants/{plant}/locations: balances by item, lot and status; receive, issue, move.</summary>
internal static class LocationEndpoints
{
    public static RouteGroupBuilder MapLocationEndpoints(this RouteGroupBuilder plant)
    {
        var locations = plant.MapGroup("/locations").WithTags("Locations");

        locations.MapGet("/", (string plant, int? limit, string? after, HttpContext http, [FromServices] IGrainFactory grains) =>
            Listings.Page(http, limit, after, grains.GetGrain<IPlantDirectoryGrain>(plant).PageLocations))
            .WithName("ListLocations").WithSummary("Warehouse locations of the plant, in id order: ?limit= (default 1000, max 5000), ?after= the X-Next-After of the previous page (also in Link rel=next).");

        locations.MapGet("/{id}", async (string plant, string id, [FromServices] IGrainFactory grains) =>
            TypedResults.Ok(await PlantTwins.Location(grains, plant, id)))
            .WithName("GetLocation").WithSummary("Balances by item, lot and stock status, and stock in transit to other locations.");

        locations.MapGet("/{id}/history", async (string plant, string id, int? max, [FromServices] IGrainFactory grains, IOptions<TwinApiOptions> options) =>
        {
            await PlantTwins.Location(grains, plant, id);
            return TypedResults.Ok(await grains.GetGrain<IWarehouseLocationGrain>(id).GetHistory(Invalid.HistoryMax(max, options.Value)));
        })
        .WithName("GetLocationHistory").WithSummary("The newest history entries, oldest first.");

        locations.MapPost("/", async (string plant, CreateLocationRequest body, HttpContext http, [FromServices] IGrainFactory grains) =>
        {
            var id = Ids.Require(body.LocationId, "locationId");
            var command = new CreateLocation(CommandContexts.From(http, body), plant, body.Name);
            return CommandResponses.From(http, await grains.GetGrain<IWarehouseLocationGrain>(id).Create(command), createdAt: $"/api/plants/{plant}/locations/{id}");
        })
        .RequireAuthorization(TwinPolicies.Command)
        .WithName("CreateLocation").WithSummary("Creates a warehouse location in the plant.");

        locations.MapPost("/{id}/receipts", async (string plant, string id, ReceiveStockRequest body, HttpContext http, [FromServices] IGrainFactory grains) =>
        {
            await PlantTwins.Location(grains, plant, id);
            var command = new ReceiveStock(CommandContexts.From(http, body), Ids.Require(body.Item, "item"), Ids.Require(body.LotId, "lotId"), body.Quantity, body.Unit);
            return CommandResponses.From(http, await grains.GetGrain<IWarehouseLocationGrain>(id).Receive(command));
        })
        .RequireAuthorization(TwinPolicies.Command)
        .WithName("ReceiveStock").WithSummary("Goods receipt of a lot into the location.");

        locations.MapPost("/{id}/issues", async (string plant, string id, IssueStockRequest body, HttpContext http, [FromServices] IGrainFactory grains) =>
        {
            var purpose = Invalid.Defined(body.Purpose, "purpose");
            await PlantTwins.Location(grains, plant, id);
            var command = new IssueStock(CommandContexts.From(http, body), Ids.Require(body.Item, "item"), Ids.Require(body.LotId, "lotId"),
                body.Quantity, purpose, Ids.Optional(body.WorkOrderId, "workOrderId"));
            return CommandResponses.From(http, await grains.GetGrain<IWarehouseLocationGrain>(id).Issue(command));
        })
        .RequireAuthorization(TwinPolicies.Command)
        .WithName("IssueStock").WithSummary("Issues stock; more than is there is 409 insufficient-stock, held stock to production 409 stock-on-hold.");

        locations.MapPost("/{id}/moves", async (string plant, string id, MoveStockRequest body, HttpContext http, [FromServices] IGrainFactory grains) =>
        {
            await PlantTwins.Location(grains, plant, id);
            var destination = Ids.Require(body.DestinationLocationId, "destinationLocationId");
            await PlantTwins.Location(grains, plant, destination);
            var command = new MoveStock(CommandContexts.From(http, body), destination, Ids.Require(body.Item, "item"), Ids.Require(body.LotId, "lotId"), body.Quantity);
            return CommandResponses.From(http, await grains.GetGrain<IWarehouseLocationGrain>(id).Move(command));
        })
        .RequireAuthorization(TwinPolicies.Command)
        .WithName("MoveStock").WithSummary("Moves stock to another location of the plant; never creates or loses stock, also on retry.");

        return plant;
    }
}
