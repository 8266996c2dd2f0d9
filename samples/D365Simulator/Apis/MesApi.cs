using System.Text.Json;
using D365Simulator.Faults;
using D365Simulator.Messages;
using D365Simulator.Security;
using Microsoft.Extensions.Options;

namespace D365Simulator.Apis;

/// <summary>
/// The D365 side: SendMessage (queues, answers at once; 429 during a storm), and the status of a message by the
/// caller's key — the small custom service a plant deploys, since D365 documents none.
/// </summary>
public static class MesApi
{
    public const string SendMessagePath = "/api/services/SysMessageServices/SysMessageService/SendMessage";
    public const string StatusPath = "/api/services/TwinMesServices/TwinMessageStatusService/GetMessageStatus";
    public const string KeyField = "TwinMessageKey";

    public static void MapMesApi(this IEndpointRouteBuilder app)
    {
        var services = app.MapGroup("/api/services").AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var latency = http.RequestServices.GetRequiredService<IOptions<D365SimulatorOptions>>().Value.Latency;
            if (latency > TimeSpan.Zero)
            {
                await Task.Delay(latency, http.RequestAborted);
            }

            return http.RequestServices.GetRequiredService<TokenIssuer>().IsAuthorized(http.Request)
                ? await next(context)
                : Results.Json(new { Message = "Unauthorized: the access token is missing, invalid or expired." }, statusCode: 401);
        });

        // The data entities a planner's production orders are read from (bearer token and latency as above).
        app.MapGet("/data/{entity}", async (HttpContext http, string entity, Orders.ProductionOrderEntities orders, TokenIssuer tokens, IOptions<D365SimulatorOptions> options) =>
        {
            if (options.Value.Latency > TimeSpan.Zero)
            {
                await Task.Delay(options.Value.Latency, http.RequestAborted);
            }

            return tokens.IsAuthorized(http.Request)
                ? orders.Query(entity, http.Request.Query)
                : Results.Json(new { Message = "Unauthorized: the access token is missing, invalid or expired." }, statusCode: 401);
        });

        services.MapPost("/SysMessageServices/SysMessageService/SendMessage", (HttpContext http, JsonElement envelope, MessageStore store, SimulatorFaults faults) =>
        {
            if (faults.TakeThrottle())
            {
                http.Response.Headers.RetryAfter = faults.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return Results.Json(new { Message = "Number of requests exceeded the limit of the service protection API." }, statusCode: 429);
            }

            if (store.Enqueue(envelope, KeyField) is { } error)
            {
                return Results.Json(new { Message = error }, statusCode: 400);
            }

            if (faults.TakeDrop())
            {
                // Queued, then the answer is lost on the way back.
                http.Abort();
                return Results.Empty;
            }

            return Results.Ok();
        });

        services.MapPost("/TwinMesServices/TwinMessageStatusService/GetMessageStatus", (StatusQuery query, MessageStore store) =>
            store.Find(query.MessageKey ?? string.Empty) is { } found
                ? Results.Json(new MessageStatusAnswer(found.Status, found.MessageId, found.Log))
                : Results.Json(new MessageStatusAnswer("NotFound", null, null)));
    }
}

/// <summary>Body of the status lookup: <c>{"_messageKey":"…"}</c>.</summary>
public sealed record StatusQuery([property: System.Text.Json.Serialization.JsonPropertyName("_messageKey")] string? MessageKey);

/// <summary>Status of a message: Queued, Processed, Failed or NotFound, with D365's message id and log.</summary>
public sealed record MessageStatusAnswer(
    [property: System.Text.Json.Serialization.JsonPropertyName("Status")] string Status,
    [property: System.Text.Json.Serialization.JsonPropertyName("MessageId")] string? MessageId,
    [property: System.Text.Json.Serialization.JsonPropertyName("Log")] string? Log);
