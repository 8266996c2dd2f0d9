using D365Simulator.Faults;
using D365Simulator.Orders;
using Twin.Samples.Orders;
using D365Simulator.Messages;
using D365Simulator.Security;

namespace D365Simulator.Apis;

/// <summary>/admin (Basic with the app's client id and secret): faults, and what the message processor holds.</summary>
public static class AdminApi
{
    public static void MapAdminApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/admin").AddEndpointFilter(async (context, next) =>
            context.HttpContext.RequestServices.GetRequiredService<TokenIssuer>().IsAdmin(context.HttpContext.Request)
                ? await next(context)
                : Results.Unauthorized());

        // A planner's moves in D365: release (create or replace), change, report as finished, end, delete.
        admin.MapPost("/production-orders", (SimulatedOrder order, ProductionOrderEntities d365) =>
        {
            if (string.IsNullOrWhiteSpace(order.Order) || string.IsNullOrWhiteSpace(order.Plant) || string.IsNullOrWhiteSpace(order.Material) || order.Quantity <= 0)
            {
                return Results.Problem("Order, Plant (the company), Material and a positive Quantity are required", statusCode: 400);
            }

            d365.Book.Release(order);
            return Results.NoContent();
        });
        admin.MapPost("/production-orders/{order}/{action}", (string order, string action, OrderChange? change, ProductionOrderEntities d365) => action switch
        {
            "change" => d365.Book.Change(order, change ?? new OrderChange(null, null, null)),
            "complete" => d365.Book.Complete(order),
            "close" => d365.Book.Close(order),
            "delete" => d365.Book.Delete(order),
            _ => false,
        } ? Results.NoContent() : Results.NotFound());
        admin.MapPost("/faults", (FaultCommand command, SimulatorFaults faults, TokenIssuer tokens) =>
        {
            if (command.ThrottleRequests is { } storm)
            {
                faults.Storm(storm, command.RetryAfterSeconds ?? 1);
            }

            if (command.DropResponses is { } drops)
            {
                faults.DropNext(drops);
            }

            if (command.ExpireTokens == true)
            {
                tokens.ExpireAll();
            }

            return Results.NoContent();
        });
        admin.MapPost("/faults/reset", (SimulatorFaults faults) =>
        {
            faults.Reset();
            return Results.NoContent();
        });
        admin.MapGet("/stats", (MessageStore store, SimulatorFaults faults, TokenIssuer tokens) =>
        {
            var (total, processed, failed) = store.Counts();
            return new SimulatorStats(total, processed, failed, store.ProcessedByType(), store.Lookups, faults.Throttled, faults.Dropped, tokens.Issued, tokens.Refused);
        });
        admin.MapGet("/messages", (string key, MessageStore store) =>
            store.WithKey(key).Select(m => new MessageRow(m.Sequence, m.MessageId, m.Type, m.Company, m.Order, m.Status, m.Log, m.Content)).ToList());
    }
}

/// <summary>Fault switches; unset fields leave a switch as it is.</summary>
public sealed record FaultCommand(int? ThrottleRequests = null, int? RetryAfterSeconds = null, int? DropResponses = null, bool? ExpireTokens = null);

/// <summary>What the simulator has seen.</summary>
public sealed record SimulatorStats(
    int Messages, int Processed, int Failed, Dictionary<string, int> ProcessedByType, long Lookups, long Throttled, long DroppedAnswers, int TokensIssued, long TokensRefused);

/// <summary>One message as stored.</summary>
public sealed record MessageRow(long Sequence, string MessageId, string Type, string Company, string Order, string Status, string? Log, string Content);
