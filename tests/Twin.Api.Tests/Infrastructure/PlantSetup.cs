namespace Twin.Api.Tests.Infrastructure;

/// <summary>Common starting points: locations with stock, a released work order, a machine.</summary>
internal static class PlantSetup
{
    public static async Task<string> LocationAsync(PlantApp app, string name = "Rack")
    {
        var id = PlantApp.NewId("loc");
        await app.CommandAsync("locations", new { locationId = id, name });
        return id;
    }

    public static async Task<string> LotInStockAsync(PlantApp app, string locationId, string item, decimal quantity, string unit = "kg")
    {
        var lot = PlantApp.NewId("lot");
        await app.CommandAsync($"locations/{locationId}/receipts", new { item, lotId = lot, quantity, unit });
        return lot;
    }

    public static async Task<string> WorkOrderAsync(PlantApp app, string item = "bracket", decimal planned = 100m, bool release = true)
    {
        var id = PlantApp.NewId("wo");
        await app.CommandAsync("work-orders", new
        {
            workOrderId = id,
            item,
            plannedQuantity = planned,
            unit = "pcs",
            routing = new[]
            {
                new { sequence = 10, workCentre = "press", standardCycleTime = "00:00:30" },
                new { sequence = 20, workCentre = "paint", standardCycleTime = "00:01:00" },
            },
        });
        if (release)
        {
            await app.CommandAsync($"work-orders/{id}/release", null);
        }

        return id;
    }

    public static async Task<string> MachineAsync(PlantApp app)
    {
        var id = PlantApp.NewId("press");
        await app.CommandAsync("machines", new { machineId = id, name = "Press 3", workCentre = "press", idealCycleTime = "00:00:30" });
        return id;
    }
}
