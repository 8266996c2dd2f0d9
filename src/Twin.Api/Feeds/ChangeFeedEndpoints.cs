using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Twin.Api.Endpoints;
using Twin.Api.Errors;
using Twin.Api.Requests;
using Twin.Api.Security;
using Twin.Contracts;

namespace Twin.Api.Feeds;

/// <summary>
/// <c>GET /api/plants/{plant}/changes</c> and <c>GET /api/plants/{plant}/{machines|work-orders|lots|locations}/{id}/changes</c>:
/// the plant's twin changes and business events as server-sent events (docs/change-feed.md). Any role may follow
/// them, with an API key or a /login browser session (EventSource cannot send headers).
/// </summary>
internal static class ChangeFeedEndpoints
{
    public const string FeedBusy = "feed-busy";
    public const string LastEventIdHeader = "Last-Event-ID";

    private const string Filters = "?kind= machine|work-order|lot|location, ?id= twin ids, ?type= event types (each repeated or comma-separated); " +
        "Last-Event-ID header (or ?lastEventId=) resumes after that event while the window holds it, else a 'reset' event says so.";

    public static RouteGroupBuilder MapChangeFeedEndpoints(this RouteGroupBuilder plant)
    {
        plant.MapGet("/changes", (string plant, HttpContext http) => FollowAsync(http, plant, twinId: null))
            .WithName("FollowPlantChanges").WithSummary("The plant's changes and business events as text/event-stream. " + Filters)
            .WithFeedMetadata();

        MapTwinFeed(plant, "machines", TwinKind.Machine, (grains, p, id) => PlantTwins.Machine(grains, p, id));
        MapTwinFeed(plant, "work-orders", TwinKind.WorkOrder, (grains, p, id) => PlantTwins.WorkOrder(grains, p, id));
        MapTwinFeed(plant, "lots", TwinKind.Lot, (grains, p, id) => PlantTwins.Lot(grains, p, id));
        MapTwinFeed(plant, "locations", TwinKind.Location, (grains, p, id) => PlantTwins.Location(grains, p, id));
        return plant;
    }

    private static void MapTwinFeed<T>(RouteGroupBuilder plant, string segment, TwinKind kind, Func<IGrainFactory, string, string, Task<T>> find) =>
        plant.MapGet($"/{segment}/{{id}}/changes", async (string plant, string id, HttpContext http, [FromServices] IGrainFactory grains) =>
            {
                await find(grains, plant, id); // 404 for a twin the plant does not have, before the stream opens
                await FollowAsync(http, plant, id);
            })
            .WithName($"Follow{kind}Changes")
            .WithSummary($"Changes concerning one {ChangeFeedEvent.KindName(kind)} (published by it or naming it) as text/event-stream. " + Filters)
            .WithFeedMetadata();

    private static RouteHandlerBuilder WithFeedMetadata(this RouteHandlerBuilder route) => route
        .RequireAuthorization(TwinPolicies.Subscribe)
        .WithTags("Change feed")
        .Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
        .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    private static async Task FollowAsync(HttpContext http, string plant, string? twinId)
    {
        var query = http.Request.Query;
        var filter = ChangeFeedFilter.Parse(query["kind"], query["id"], query["type"], twinId, out var problem);
        if (problem is not null)
        {
            throw Invalid.Payload(problem);
        }

        var lastEventId = http.Request.Headers[LastEventIdHeader].ToString() is { Length: > 0 } header ? header : query["lastEventId"].ToString();
        var hub = http.RequestServices.GetRequiredService<ChangeFeedHub>();
        if (!hub.TryReserveClient())
        {
            http.Response.Headers.RetryAfter = "30";
            throw new ApiProblemException(ApiProblems.Create(StatusCodes.Status503ServiceUnavailable, FeedBusy, "Change feed busy",
                $"This silo already serves {hub.Options.MaxClients} change-feed clients (Twin:Api:Feeds:MaxClients). Retry later or on another silo."));
        }

        try
        {
            var subscriber = new FeedSubscriber(filter, hub.Options.ClientBuffer);
            var (feed, start) = await hub.AttachAsync(plant, subscriber, lastEventId.Length == 0 ? null : lastEventId, http.RequestAborted);
            try
            {
                var keys = http.RequestServices.GetRequiredService<ApiKeyRegistry>();
                var keyName = http.User.FindFirst(ApiKeyRegistry.KeyNameClaim)?.Value ?? "";
                await ChangeFeedResponse.WriteAsync(http, feed, subscriber, start, hub.Options, hub.Json,
                    () => keys.FindByName(keyName) is { } key && ApiKeyScope.Of(key.Principal).AllowsPlant(plant), hub.Stopping);
            }
            finally
            {
                hub.Detach(feed, subscriber);
            }

            if (subscriber.DropReason == FeedSubscriber.SlowConsumer)
            {
                http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ChangeFeedEndpoints))
                    .LogWarning("A change-feed client of plant {Plant} (key {Key}) read too slowly and was dropped; it may resume with its last event id", plant, http.User.Identity?.Name);
            }
        }
        finally
        {
            hub.ReleaseClient();
        }
    }
}
