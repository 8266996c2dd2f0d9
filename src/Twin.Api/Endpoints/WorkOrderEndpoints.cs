using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Twin.Api.Requests;
using Twin.Api.Security;
using Twin.Contracts;

namespace Twin.Api.Endpoints;

/// <summary>/api/plants/{plant}/work-orders: the order lifecycle, production reports, consumption and output receipts.</summary>
internal static class WorkOrderEndpoints
{
    public static RouteGroupBuilder MapWorkOrderEndpoints(this RouteGroupBuilder plant)
    {
        var orders = plant.MapGroup("/work-orders").WithTags("Work orders");

        orders.MapGet("/", (string plant, int? limit, string? after, HttpContext http, [FromServices] IGrainFactory grains) =>
            Listings.Page(http, limit, after, grains.GetGrain<IPlantDirectoryGrain>(plant).PageOpenWorkOrders))
            .WithName("ListOpenWorkOrders").WithSummary("Work orders of the plant not yet closed or cancelled, in id order: ?limit= (default 1000, max 5000), ?after= the X-Next-After of the previous page (also in Link rel=next).");

        orders.MapGet("/{id}", async (string plant, string id, [FromServices] IGrainFactory grains) =>
            TypedResults.Ok(await PlantTwins.WorkOrder(grains, plant, id)))
            .WithName("GetWorkOrder").WithSummary("Live state: status, progress per operation, consumption, receipts.");

        orders.MapGet("/{id}/history", async (string plant, string id, int? max, [FromServices] IGrainFactory grains, IOptions<TwinApiOptions> options) =>
        {
            await PlantTwins.WorkOrder(grains, plant, id);
            return TypedResults.Ok(await grains.GetGrain<IWorkOrderGrain>(id).GetHistory(Invalid.HistoryMax(max, options.Value)));
        })
        .WithName("GetWorkOrderHistory").WithSummary("The newest history entries, oldest first.");

        orders.MapPost("/", async (string plant, CreateWorkOrderRequest body, HttpContext http, [FromServices] IGrainFactory grains) =>
        {
            var id = Ids.Require(body.WorkOrderId, "workOrderId");
            var routing = Invalid.Items(body.Routing, "routing").Select(r => new RoutingOperation(r.Sequence, r.WorkCentre, Ids.Optional(r.MachineId, "routing machineId"), r.StandardCycleTime)).ToArray();
            var command = new CreateWorkOrder(CommandContexts.From(http, body), plant, Ids.Require(body.Item, "item"), body.PlannedQuantity, body.Unit, routing, body.OverDeliveryTolerancePercent);
            return CommandResponses.From(http, await grains.GetGrain<IWorkOrderGrain>(id).Create(command), createdAt: $"/api/plants/{plant}/work-orders/{id}");
        })
        .RequireAuthorization(TwinPolicies.Command)
        .WithName("CreateWorkOrder").WithSummary("Creates a work order with item, planned quantity, unit and routing (status Created).");

        foreach (var (verb, status) in WorkOrderSteps.ByVerb)
        {
            orders.MapPost($"/{{id}}/{verb}", async (string plant, string id, [FromBody] WorkOrderStepRequest? body, HttpContext http, [FromServices] IGrainFactory grains) =>
            {
                await PlantTwins.WorkOrder(grains, plant, id);
                var command = new ChangeWorkOrderStatus(CommandContexts.From(http, body), status, body?.Reason);
                return CommandResponses.From(http, await grains.GetGrain<IWorkOrderGrain>(id).ChangeStatus(command));
            })
            .RequireAuthorization(TwinPolicies.Command)
            .WithName($"{char.ToUpperInvariant(verb[0])}{verb[1..]}WorkOrder")
            .WithSummary($"Moves the order to {status} if its lifecycle allows it (409 invalid-transition otherwise). Body optional.");
        }

        orders.MapPost("/{id}/production", async (string plant, string id, ReportProductionRequest body, HttpContext http, [FromServices] IGrainFactory grains) =>
        {
            await PlantTwins.WorkOrder(grains, plant, id);
            var command = new ReportProduction(CommandContexts.From(http, body), body.OperationSequence, body.Good, body.Scrap, Ids.Optional(body.MachineId, "machineId"), body.ScrapReason);
            return CommandResponses.From(http, await grains.GetGrain<IWorkOrderGrain>(id).ReportProduction(command));
        })
        .RequireAuthorization(TwinPolicies.Command)
        .WithName("ReportProduction").WithSummary("Reports good and scrap for an operation (only on Released or InProgress orders).");

        orders.MapPost("/{id}/consumptions", async (string plant, string id, ConsumeMaterialRequest body, HttpContext http, [FromServices] IGrainFactory grains) =>
        {
            await PlantTwins.WorkOrder(grains, plant, id);
            var command = new ConsumeMaterial(CommandContexts.From(http, body), Ids.Require(body.Item, "item"), Ids.Require(body.LotId, "lotId"),
                body.Quantity, Ids.Require(body.SourceLocationId, "sourceLocationId"), body.OperationSequence);
            return CommandResponses.From(http, await grains.GetGrain<IWorkOrderGrain>(id).ConsumeMaterial(command));
        })
        .RequireAuthorization(TwinPolicies.Command)
        .WithName("ConsumeMaterial").WithSummary("Issues a component lot from a location to the order (held stock and more than is there are refused).");

        orders.MapPost("/{id}/receipts", async (string plant, string id, ReceiveOutputRequest body, HttpContext http, [FromServices] IGrainFactory grains) =>
        {
            await PlantTwins.WorkOrder(grains, plant, id);
            var command = new ReceiveOutput(CommandContexts.From(http, body), Ids.Require(body.LotId, "lotId"), body.Quantity, Ids.Require(body.LocationId, "locationId"),
                Ids.Optional(body.HandlingUnitId, "handlingUnitId"));
            return CommandResponses.From(http, await grains.GetGrain<IWorkOrderGrain>(id).ReceiveOutput(command));
        })
        .RequireAuthorization(TwinPolicies.Command)
        .WithName("ReceiveOutput").WithSummary("Receives output into a new lot at a location, with genealogy from the consumed lots.");

        return plant;
    }
}
