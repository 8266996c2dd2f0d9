using Twin.Api.Tests.Infrastructure;

namespace Twin.Api.Tests.PlantView;

/// <summary>
/// A small plant for the plant view: two lines of machines (one running on an order, one idle), an order released
/// with production on both operations, a lot on hold. Ids end in a per-test suffix; names hold markup, which the
/// page must show as text.
/// </summary>
internal sealed record PlantViewScenario(string Press, string Lathe, string Order, string HeldLot)
{
    public const string HoldReason = "<b>supplier certificate</b> missing";

    public static async Task<PlantViewScenario> CreateAsync(PlantApp app)
    {
        var press = PlantApp.NewId("press");
        var lathe = PlantApp.NewId("lathe");
        await app.CommandAsync("machines", new { machineId = press, name = "Press <3>", workCentre = "line-1", idealCycleTime = "00:00:30" });
        await app.CommandAsync("machines", new { machineId = lathe, name = "Lathe 7", workCentre = "line-2", idealCycleTime = "00:00:20" });
        await app.CommandAsync($"machines/{press}/status", new { status = "Running", reason = "shift start" });
        await app.CommandAsync($"machines/{lathe}/status", new { status = "Idle", reason = "waiting for material" });

        var order = await PlantSetup.WorkOrderAsync(app, item: "BRACKET", planned: 100m);
        await app.CommandAsync($"machines/{press}/assignment", new { workOrderId = order, operationSequence = 10 });
        await app.CommandAsync($"work-orders/{order}/production", new { operationSequence = 10, good = 60, scrap = 2 });
        await app.CommandAsync($"work-orders/{order}/production", new { operationSequence = 20, good = 40, scrap = 1 });

        var rack = await PlantSetup.LocationAsync(app);
        var lot = await PlantSetup.LotInStockAsync(app, rack, "STEEL-2MM", 500m);
        await app.CommandAsync($"lots/{lot}/hold", new { reason = HoldReason });
        return new PlantViewScenario(press, lathe, order, lot);
    }
}
