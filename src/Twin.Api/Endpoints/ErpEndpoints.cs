using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Twin.Api.Errors;
using Twin.Api.Requests;
using Twin.Api.Security;
using Twin.Contracts;

namespace Twin.Api.Endpoints;

/// <summary>
/// /api/plants/{plant}/erp: the plant's ERP synchronisation. Anyone may look at the queue and the dead
/// letters; replaying them re-posts business transactions to the ERP, so only admins may.
/// </summary>
internal static class ErpEndpoints
{
    public const string DeadLetterNotFound = "dead-letter-not-found";
    public const string ErpQueueFull = "erp-queue-full";

    public static RouteGroupBuilder MapErpEndpoints(this RouteGroupBuilder plant)
    {
        var erp = plant.MapGroup("/erp").WithTags("ERP synchronisation");

        erp.MapGet("/", async (string plant, [FromServices] IGrainFactory grains) =>
            TypedResults.Ok(await grains.GetGrain<IErpSyncGrain>(plant).GetFigures()))
            .WithName("GetErpSync").WithSummary("Queue length, oldest pending age, posted, retried and dead-lettered counts.");

        erp.MapGet("/dead-letters", async (string plant, int? max, [FromServices] IGrainFactory grains, Microsoft.Extensions.Options.IOptions<TwinApiOptions> options) =>
            TypedResults.Ok(await grains.GetGrain<IErpSyncGrain>(plant).GetDeadLetters(Invalid.HistoryMax(max, options.Value))))
            .WithName("ListErpDeadLetters").WithSummary("Transactions the ERP rejected, oldest first, with the ERP's reason.");

        erp.MapPost("/dead-letters/{key}/replay", async (string plant, string key, HttpContext http, [FromServices] IGrainFactory grains) =>
        {
            if (TwinIds.RequestIdProblem(key, "idempotency key") is { } problem)
            {
                throw new ApiProblemException(ApiProblems.Create(StatusCodes.Status400BadRequest, ApiErrorCodes.InvalidId, "Invalid idempotency key", problem));
            }

            var answer = await grains.GetGrain<IErpSyncGrain>(plant).Replay(key);
            return answer switch
            {
                ErpReplayAnswer.Replayed => Results.Ok(new { idempotencyKey = key, answer = answer.ToString() }),
                ErpReplayAnswer.NotFound => Results.Problem(ApiProblems.Create(StatusCodes.Status404NotFound, DeadLetterNotFound, "Dead letter not found",
                    $"Plant '{plant}' has no dead letter with idempotency key '{key}'. It may have been replayed already; list them with GET /api/plants/{plant}/erp/dead-letters.")),
                _ => QueueFull(http),
            };
        })
        .RequireAuthorization(TwinPolicies.Admin)
        .WithName("ReplayErpDeadLetter").WithSummary("Puts one dead letter back in the queue after its cause was fixed in the ERP (admin).");

        erp.MapPost("/dead-letters/replay", async (string plant, [FromServices] IGrainFactory grains) =>
            TypedResults.Ok(new { replayed = await grains.GetGrain<IErpSyncGrain>(plant).ReplayAll() }))
            .RequireAuthorization(TwinPolicies.Admin)
            .WithName("ReplayAllErpDeadLetters").WithSummary("Puts every dead letter of the plant back in the queue (admin).");

        return plant;
    }

    private static IResult QueueFull(HttpContext http)
    {
        // The queue drains by itself; tell the caller when it is worth asking again.
        http.Response.Headers.RetryAfter = "30";
        return Results.Problem(ApiProblems.Create(StatusCodes.Status503ServiceUnavailable, ErpQueueFull, "ERP queue full",
            "The plant's ERP queue is full, so the dead letter stays where it is. Retry after the queue has drained."));
    }
}
