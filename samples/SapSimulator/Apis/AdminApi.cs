using SapSimulator.Booking;
using SapSimulator.Faults;
using SapSimulator.Orders;
using Twin.Samples.Orders;
using SapSimulator.Security;

namespace SapSimulator.Apis;

/// <summary>/admin (same credential as the OData services): faults, locks held by "another user", and what was booked.</summary>
public static class AdminApi
{
    public static void MapAdminApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/admin").AddEndpointFilter(async (context, next) =>
            context.HttpContext.RequestServices.GetRequiredService<SimulatorAuth>().IsAuthorized(context.HttpContext.Request)
                ? await next(context)
                : Results.Unauthorized());

        admin.MapPost("/faults", (FaultCommand command, SimulatorFaults faults, CsrfSessions sessions, SimulatorAuth auth) =>
        {
            if (command.DropResponsesAfterBooking is { } drops)
            {
                faults.DropNext(drops);
            }

            if (command.ErrorPoolMaterials is { } materials)
            {
                faults.ParkInErrorPool(materials);
            }

            if (command.ExpireCsrfTokens == true)
            {
                sessions.ExpireAll();
            }

            if (command.ExpireAccessTokens == true)
            {
                auth.ExpireBearers();
            }

            return Results.NoContent();
        });
        admin.MapPost("/faults/reset", (SimulatorFaults faults) =>
        {
            faults.Reset();
            return Results.NoContent();
        });
        admin.MapPost("/locks", (LockCommand command, SimulatorLocks locks) =>
        {
            locks.Hold(command.Key, TimeSpan.FromMilliseconds(command.Milliseconds));
            return Results.NoContent();
        });
        admin.MapPost("/locks/release", (LockCommand command, SimulatorLocks locks) =>
        {
            locks.Release([command.Key]);
            return Results.NoContent();
        });
        // A planner's moves in SAP: release (create or replace), change, complete technically, close, delete.
        admin.MapPost("/production-orders", (SimulatedOrder order, ProductionOrderBook sap) =>
        {
            if (string.IsNullOrWhiteSpace(order.Order) || string.IsNullOrWhiteSpace(order.Plant) || string.IsNullOrWhiteSpace(order.Material) || order.Quantity <= 0)
            {
                return Results.Problem("Order, Plant, Material and a positive Quantity are required", statusCode: 400);
            }

            sap.Book.Release(order);
            return Results.NoContent();
        });
        admin.MapPost("/production-orders/{order}/change", (string order, OrderChange change, ProductionOrderBook sap) =>
            sap.Book.Change(order, change) ? Results.NoContent() : Results.NotFound());
        admin.MapPost("/production-orders/{order}/complete", (string order, ProductionOrderBook sap) =>
            sap.Book.Complete(order) ? Results.NoContent() : Results.NotFound());
        admin.MapPost("/production-orders/{order}/close", (string order, ProductionOrderBook sap) =>
            sap.Book.Close(order) ? Results.NoContent() : Results.NotFound());
        admin.MapPost("/production-orders/{order}/delete", (string order, ProductionOrderBook sap) =>
            sap.Book.Delete(order) ? Results.NoContent() : Results.NotFound());
        admin.MapGet("/stats", (SimulatorLedger ledger, CsrfSessions sessions, SimulatorLocks locks, SimulatorFaults faults, SimulatorAuth auth, ProductionOrderBook orders) =>
            new SimulatorStats(ledger.ConfirmationCount, ledger.MaterialDocumentCount, ledger.Lookups, sessions.Fetches, sessions.Refusals, locks.Collisions, faults.Dropped, auth.TokensIssued, orders.Book.Queries, ledger.ErrorPoolCount));
        admin.MapGet("/confirmations", (string externalSystemConfirmation, SimulatorLedger ledger) =>
            ledger.ConfirmationsWith(externalSystemConfirmation).ToList());
        admin.MapGet("/material-documents", (string referenceDocument, SimulatorLedger ledger) =>
            ledger.MaterialDocumentsWith(referenceDocument).ToList());
    }
}

/// <summary>Fault switches; unset fields leave a switch as it is.</summary>
/// <param name="DropResponsesAfterBooking">The next N modifying requests are booked, then their answer is cut.</param>
/// <param name="ExpireCsrfTokens">Every CSRF token and session expires now.</param>
/// <param name="ExpireAccessTokens">Every OAuth2 access token expires now.</param>
/// <param name="ErrorPoolMaterials">Materials whose goods movements, triggered by a confirmation, fail into the error pool (an empty list: none).</param>
public sealed record FaultCommand(int? DropResponsesAfterBooking, bool? ExpireCsrfTokens, bool? ExpireAccessTokens, List<string>? ErrorPoolMaterials = null);

/// <summary>A lock key ("order:1000123" or "material:1010:FG-100") and how long another user holds it.</summary>
public sealed record LockCommand(string Key, int Milliseconds = 0);

/// <summary>What the simulator has seen.</summary>
public sealed record SimulatorStats(
    int Confirmations, int MaterialDocuments, long Lookups, long CsrfFetches, long CsrfRefusals, long LockCollisions, long DroppedAnswers, int AccessTokensIssued,
    long OrderQueries = 0, int ErrorPool = 0);
