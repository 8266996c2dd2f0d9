using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Twin.Api.Requests;
using Twin.Api.Security;
using Twin.Contracts;

namespace Twin.Api.Endpoints;

/// <summary>/api/plants/{plant}/machines: machine twins, their OEE, history, status and assignments.</summary>
internal static class MachineEndpoints
{
    public static RouteGroupBuilder MapMachineEndpoints(this RouteGroupBuilder plant)
    {
        var machines = plant.MapGroup("/machines").WithTags("Machines");

        machines.MapGet("/", (string plant, int? limit, string? after, HttpContext http, [FromServices] IGrainFactory grains) =>
            Listings.Page(http, limit, after, grains.GetGrain<IPlantDirectoryGrain>(plant).PageMachines))
            .WithName("ListMachines").WithSummary("Machines of the plant with their status, in id order: ?limit= (default 1000, max 5000), ?after= the X-Next-After of the previous page (also in Link rel=next).");

        // The most frequent read: the snapshot's JSON is made once per snapshot, not per request (SnapshotJson).
        machines.MapGet("/{id}", async (string plant, string id, HttpContext http, [FromServices] IGrainFactory grains) =>
            SnapshotJson<MachineSnapshot>.Ok(await PlantTwins.Machine(grains, plant, id), http))
            .Produces<MachineSnapshot>(StatusCodes.Status200OK)
            .WithName("GetMachine").WithSummary("Live state: status and transitions, latest signals, counters, assignment.");

        machines.MapGet("/{id}/oee", async (string plant, string id, TimeSpan? window, [FromServices] IGrainFactory grains) =>
        {
            await PlantTwins.Machine(grains, plant, id);
            if (window is { } w && (w <= TimeSpan.Zero || w > TimeSpan.FromDays(31)))
            {
                throw Invalid.Payload("window must be a positive duration of at most 31 days, e.g. window=08:00:00.");
            }

            return TypedResults.Ok(await grains.GetGrain<IMachineGrain>(id).GetOee(window));
        })
        .WithName("GetMachineOee").WithSummary("Availability, performance, quality and OEE over a window (hh:mm:ss; default configured on the silo).");

        machines.MapGet("/{id}/history", async (string plant, string id, int? max, [FromServices] IGrainFactory grains, IOptions<TwinApiOptions> options) =>
        {
            await PlantTwins.Machine(grains, plant, id);
            return TypedResults.Ok(await grains.GetGrain<IMachineGrain>(id).GetHistory(Invalid.HistoryMax(max, options.Value)));
        })
        .WithName("GetMachineHistory").WithSummary("The newest history entries, oldest first.");

        machines.MapPost("/", async (string plant, RegisterMachineRequest body, HttpContext http, [FromServices] IGrainFactory grains) =>
        {
            var id = Ids.Require(body.MachineId, "machineId");
            var command = new RegisterMachine(CommandContexts.From(http, body), plant, body.Name, body.WorkCentre, body.IdealCycleTime, body.CounterMaximum,
                Ids.Optional(body.MachineClass, "machineClass"));
            var result = await grains.GetGrain<IMachineGrain>(id).Register(command);
            return CommandResponses.From(http, result, createdAt: $"/api/plants/{plant}/machines/{id}");
        })
        .RequireAuthorization(TwinPolicies.Command)
        .WithName("RegisterMachine").WithSummary("Registers a machine twin in the plant (201; a retry with the same request id is answered the same).");

        machines.MapPost("/{id}/status", async (string plant, string id, ChangeMachineStatusRequest body, HttpContext http, [FromServices] IGrainFactory grains) =>
        {
            await PlantTwins.Machine(grains, plant, id);
            var result = await grains.GetGrain<IMachineGrain>(id).ChangeStatus(new ChangeMachineStatus(CommandContexts.From(http, body), body.Status, body.Reason));
            return CommandResponses.From(http, result);
        })
        .RequireAuthorization(TwinPolicies.Command)
        .WithName("ChangeMachineStatus").WithSummary("Sets the machine status by hand (MES screen).");

        machines.MapPost("/{id}/assignment", async (string plant, string id, AssignOperationRequest body, HttpContext http, [FromServices] IGrainFactory grains) =>
        {
            await PlantTwins.Machine(grains, plant, id);
            var command = new AssignOperation(CommandContexts.From(http, body), Ids.Require(body.WorkOrderId, "workOrderId"), body.OperationSequence, body.StandardCycleTime);
            return CommandResponses.From(http, await grains.GetGrain<IMachineGrain>(id).AssignOperation(command));
        })
        .RequireAuthorization(TwinPolicies.Command)
        .WithName("AssignOperation").WithSummary("Assigns a work order operation; the machine's counts are then reported on it.");

        machines.MapDelete("/{id}/assignment", async (string plant, string id, HttpContext http, [FromServices] IGrainFactory grains) =>
        {
            await PlantTwins.Machine(grains, plant, id);
            var result = await grains.GetGrain<IMachineGrain>(id).ClearOperation(new ClearOperation(CommandContexts.From(http, body: null)));
            return CommandResponses.From(http, result);
        })
        .RequireAuthorization(TwinPolicies.Command)
        .WithName("ClearOperation").WithSummary("Ends the current assignment (Idempotency-Key header required).");

        machines.MapPost("/{id}/signals", async (string plant, string id, MachineSignalsRequest body, HttpContext http, [FromServices] IGrainFactory grains, [FromServices] TimeProvider? clock) =>
        {
            await PlantTwins.Machine(grains, plant, id);
            var context = CommandContexts.From(http, body);
            var now = (clock ?? TimeProvider.System).GetUtcNow();
            var signals = Invalid.Items(body.Signals, "signals").Select(s => new MachineSignal(s.Name, s.Number, s.Text, Invalid.Defined(s.Quality, "signals quality"), s.SourceTimestamp ?? now)).ToArray();
            var result = await grains.GetGrain<IMachineGrain>(id).AcceptSignals(new MachineSignalBatch(context.RequestId, context.CorrelationId, plant, id, signals));
            return result.Error is { } error ? Results.Problem(Errors.TwinErrorMapping.ToProblem(error)) : Results.Ok(result);
        })
        .RequireAuthorization(TwinPolicies.Command)
        .WithName("SendMachineSignals").WithSummary("Sends signal values (status, counters, any value) for gateways without OPC UA; the request id deduplicates.");

        return plant;
    }
}
