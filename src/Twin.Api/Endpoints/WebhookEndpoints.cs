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
/// /api/plants/{plant}/webhooks: signed webhook subscriptions (docs/webhooks.md). Only admins register, list,
/// rotate, replay and remove them: a subscription sends plant data to a URL of the admin's choosing.
/// </summary>
internal static class WebhookEndpoints
{
    public const string WebhookNotFound = "webhook-not-found";
    public const string ReceiverRefused = "receiver-refused";

    /// <summary>The body of POST /webhooks: receiver URL and filters (each list empty or missing = everything).</summary>
    public sealed record RegisterWebhook(string Url, IReadOnlyList<string>? EventTypes = null, IReadOnlyList<string>? TwinKinds = null, IReadOnlyList<string>? TwinIds = null);

    public static RouteGroupBuilder MapWebhookEndpoints(this RouteGroupBuilder plant)
    {
        var hooks = plant.MapGroup("/webhooks").WithTags("Webhooks").RequireAuthorization(TwinPolicies.Admin);

        hooks.MapPost("/", async (string plant, RegisterWebhook body, [FromServices] IGrainFactory grains) =>
        {
            var spec = new WebhookSpec(body.Url, Invalid.Items(body.EventTypes ?? [], "eventTypes"), Invalid.Items(body.TwinKinds ?? [], "twinKinds"),
                Invalid.Items(body.TwinIds ?? [], "twinIds"));
            var answer = await grains.GetGrain<IWebhookRegistryGrain>(plant).Register(spec);
            if (answer.Problem is { } problem)
            {
                throw new ApiProblemException(ApiProblems.Create(StatusCodes.Status400BadRequest, ReceiverRefused, "Webhook refused", problem));
            }

            return TypedResults.Created($"/api/plants/{plant}/webhooks/{answer.Subscription!.Id}", new { subscription = answer.Subscription, secret = answer.Secret });
        })
        .WithName("RegisterWebhook")
        .WithSummary("Registers a receiver URL with event types and filters (twin kinds, twin ids); answers the signing secret (whsec_…) once.");

        hooks.MapGet("/", async (string plant, [FromServices] IGrainFactory grains) =>
            TypedResults.Ok(await grains.GetGrain<IWebhookRegistryGrain>(plant).List()))
            .WithName("ListWebhooks").WithSummary("The plant's webhook subscriptions (without secrets).");

        hooks.MapGet("/{id}", async (string plant, string id, [FromServices] IGrainFactory grains) =>
            TypedResults.Ok(await Subscription(grains, plant, id).Describe() ?? throw NotFound(plant, id)))
            .WithName("GetWebhook").WithSummary("One webhook subscription (without its secret).");

        hooks.MapDelete("/{id}", async (string plant, string id, [FromServices] IGrainFactory grains) =>
            await grains.GetGrain<IWebhookRegistryGrain>(plant).Remove(id) ? Results.NoContent() : throw NotFound(plant, id))
            .WithName("RemoveWebhook").WithSummary("Stops a subscription and forgets its queue and secrets.");

        hooks.MapPost("/{id}/rotate-secret", async (string plant, string id, [FromServices] IGrainFactory grains) =>
            TypedResults.Ok(await (await Known(grains, plant, id)).RotateSecret() ?? throw NotFound(plant, id)))
            .WithName("RotateWebhookSecret")
            .WithSummary("A new signing secret, answered once; the previous one keeps signing (both signatures sent) for Twin:Webhooks:SecretGracePeriod.");

        hooks.MapGet("/{id}/deliveries", async (string plant, string id, int? max, [FromServices] IGrainFactory grains) =>
            TypedResults.Ok(await (await Known(grains, plant, id)).GetDeliveries(Math.Clamp(max ?? 100, 1, 1_000)) ?? throw NotFound(plant, id)))
            .WithName("ListWebhookDeliveries")
            .WithSummary("Figures (delivered, pending, oldest pending age, dead letters) and the delivery log, newest first, with the receiver's answers.");

        hooks.MapPost("/{id}/deliveries/replay", async (string plant, string id, string? messageId, [FromServices] IGrainFactory grains) =>
            TypedResults.Ok(new { replayed = await (await Known(grains, plant, id)).Replay(string.IsNullOrEmpty(messageId) ? null : messageId) }))
            .WithName("ReplayWebhookDeadLetters")
            .WithSummary("Puts dead letters back in the queue: all of them, or one with ?messageId=.");

        return plant;
    }

    private static IWebhookSubscriptionGrain Subscription(IGrainFactory grains, string plant, string id) =>
        grains.GetGrain<IWebhookSubscriptionGrain>(WebhookKeys.Of(plant, id));

    /// <summary>The subscription when the plant has it; 404 before any grain of an unknown id is activated.</summary>
    private static async Task<IWebhookSubscriptionGrain> Known(IGrainFactory grains, string plant, string id) =>
        await grains.GetGrain<IWebhookRegistryGrain>(plant).Has(id) ? Subscription(grains, plant, id) : throw NotFound(plant, id);

    private static ApiProblemException NotFound(string plant, string id) =>
        new(ApiProblems.Create(StatusCodes.Status404NotFound, WebhookNotFound, "Webhook not found",
            $"Plant '{plant}' has no webhook subscription '{id}'; list them with GET /api/plants/{plant}/webhooks."));
}
