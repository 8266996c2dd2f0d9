using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Twin.Api.Requests;
using Twin.Api.Security;
using Twin.Contracts;

namespace Twin.Api.Endpoints;

/// <summary>/api/plants/{plant}/lots: lots, holds, genealogy traces, split and merge.</summary>
internal static class LotEndpoints
{
    public static RouteGroupBuilder MapLotEndpoints(this RouteGroupBuilder plant)
    {
        var lots = plant.MapGroup("/lots").WithTags("Lots");

        lots.MapGet("/", (string plant, bool? onHold, int? limit, string? after, HttpContext http, [FromServices] IGrainFactory grains) =>
        {
            var directory = grains.GetGrain<IPlantDirectoryGrain>(plant);
            return Listings.Page<LotListing>(http, limit, after, onHold == true ? directory.PageLotsOnHold : directory.PageLots);
        })
        .WithName("ListLots").WithSummary("Lots of the plant not yet consumed, in id order; ?onHold=true for lots on quality hold or blocked; ?limit= (default 1000, max 5000), ?after= the X-Next-After of the previous page (also in Link rel=next).");

        lots.MapGet("/{id}", async (string plant, string id, [FromServices] IGrainFactory grains) =>
            TypedResults.Ok(await PlantTwins.Lot(grains, plant, id)))
            .WithName("GetLot").WithSummary("Live state: item, quantity, origin, stock status and hold, genealogy, locations.");

        lots.MapGet("/{id}/history", async (string plant, string id, int? max, [FromServices] IGrainFactory grains, IOptions<TwinApiOptions> options) =>
        {
            await PlantTwins.Lot(grains, plant, id);
            return TypedResults.Ok(await grains.GetGrain<ILotGrain>(id).GetHistory(Invalid.HistoryMax(max, options.Value)));
        })
        .WithName("GetLotHistory").WithSummary("The newest history entries, oldest first.");

        lots.MapGet("/{id}/trace", async (string plant, string id, string? direction, int? depth, [FromServices] IGrainFactory grains, IOptions<TwinApiOptions> options) =>
        {
            var traceDirection = direction is null ? TraceDirection.Backward
                : Enum.TryParse<TraceDirection>(direction, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed
                : throw Invalid.Payload($"direction must be 'backward' (what went into this lot) or 'forward' (where this lot went), not '{direction}'.");
            var max = options.Value.MaxTraceDepth;
            if (depth is { } d && (d < 1 || d > max))
            {
                throw Invalid.Payload($"depth must be between 1 and {max} (was {d}).");
            }

            await PlantTwins.Lot(grains, plant, id);
            return TypedResults.Ok(await grains.GetGrain<ILotGrain>(id).Trace(traceDirection, depth));
        })
        .WithName("TraceLot").WithSummary("Genealogy across levels: ?direction=backward|forward&depth=n (Truncated = the depth bound stopped it).");

        lots.MapPost("/{id}/hold", async (string plant, string id, HoldLotRequest body, HttpContext http, [FromServices] IGrainFactory grains) =>
        {
            await PlantTwins.Lot(grains, plant, id);
            var command = new PlaceLotOnHold(CommandContexts.From(http, body, body.User), body.Reason, body.Status, body.ReasonCode);
            return CommandResponses.From(http, await grains.GetGrain<ILotGrain>(id).PlaceOnHold(command));
        })
        .RequireAuthorization(TwinPolicies.Command)
        .WithName("HoldLot").WithSummary("Puts the lot on quality hold or blocks it; every location holding it follows.");

        lots.MapPost("/{id}/release", async (string plant, string id, ReleaseLotRequest body, HttpContext http, [FromServices] IGrainFactory grains) =>
        {
            await PlantTwins.Lot(grains, plant, id);
            var command = new ReleaseLot(CommandContexts.From(http, body, body.User), body.Reason, body.ReasonCode);
            return CommandResponses.From(http, await grains.GetGrain<ILotGrain>(id).Release(command));
        })
        .RequireAuthorization(TwinPolicies.Command)
        .WithName("ReleaseLot").WithSummary("Releases a held or blocked lot to unrestricted stock.");

        lots.MapPost("/{id}/split", async (string plant, string id, SplitLotRequest body, HttpContext http, [FromServices] IGrainFactory grains) =>
        {
            var lot = await PlantTwins.Lot(grains, plant, id);
            var location = Ids.Require(body.LocationId, "locationId");
            await PlantTwins.Location(grains, plant, location);
            var command = new SplitLot(CommandContexts.From(http, body), lot.Item, id, Ids.Require(body.ChildLotId, "childLotId"), body.Quantity);
            return CommandResponses.From(http, await grains.GetGrain<IWarehouseLocationGrain>(location).Split(command),
                createdAt: $"/api/plants/{plant}/lots/{body.ChildLotId}");
        })
        .RequireAuthorization(TwinPolicies.Command)
        .WithName("SplitLot").WithSummary("Splits part of the lot's stock at a location into a new child lot (201 with the child's URL).");

        lots.MapPost("/{id}/merge", async (string plant, string id, MergeLotRequest body, HttpContext http, [FromServices] IGrainFactory grains) =>
        {
            var lot = await PlantTwins.Lot(grains, plant, id);
            var location = Ids.Require(body.LocationId, "locationId");
            await PlantTwins.Location(grains, plant, location);
            var command = new MergeLots(CommandContexts.From(http, body), lot.Item, id, Ids.Require(body.TargetLotId, "targetLotId"));
            return CommandResponses.From(http, await grains.GetGrain<IWarehouseLocationGrain>(location).Merge(command));
        })
        .RequireAuthorization(TwinPolicies.Command)
        .WithName("MergeLot").WithSummary("Merges all of the lot's stock at a location into the target lot.");

        return plant;
    }
}
