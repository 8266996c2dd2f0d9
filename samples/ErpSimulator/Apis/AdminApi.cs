using ErpSimulator.Booking;
using ErpSimulator.Faults;
using ErpSimulator.MasterData;

namespace ErpSimulator.Apis;

/// <summary>/admin: fault injection and master data, for tests and demos.</summary>
public static class AdminApi
{
    public static void MapAdminApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/admin");
        admin.MapGet("/faults", (FaultInjector faults) => faults.Current);
        admin.MapPost("/faults", (FaultCommand command, FaultInjector faults) =>
            command.Problem() is { } problem
                ? Results.Problem(statusCode: 400, title: "Invalid fault command", detail: problem)
                : Results.Ok(faults.Apply(command)));
        admin.MapPost("/faults/reset", (FaultInjector faults) => faults.Reset());

        // A clerk's correction in the ERP (the plant's twins know nothing of it): what the inventory reconciliation finds.
        admin.MapPost("/stock-adjustments", (StockAdjustment adjustment, BookingLedger ledger) =>
        {
            if (string.IsNullOrWhiteSpace(adjustment.Plant) || string.IsNullOrWhiteSpace(adjustment.Location) || string.IsNullOrWhiteSpace(adjustment.Item)
                || string.IsNullOrWhiteSpace(adjustment.Unit) || adjustment.Quantity == 0)
            {
                return Results.Problem(statusCode: 400, title: "Invalid stock adjustment",
                    detail: "Send {\"plant\",\"location\",\"item\",\"lot\",\"quantity\" (non-zero, negative to take stock out),\"unit\"}.");
            }

            ledger.AdjustStock(adjustment.Plant, adjustment.Location, adjustment.Item, adjustment.Lot, adjustment.Quantity, adjustment.Unit);
            return Results.Ok(ledger.Stock(adjustment.Plant, new HashSet<string>(StringComparer.Ordinal) { adjustment.Location }));
        });

        admin.MapGet("/master-data", (MasterDataCatalog catalog) => catalog.Snapshot());
        admin.MapPost("/master-data", (MasterDataUpdate update, MasterDataCatalog catalog) =>
        {
            catalog.Add(update);
            return catalog.Snapshot();
        });
    }
}
