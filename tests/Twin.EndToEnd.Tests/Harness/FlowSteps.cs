using Twin.Contracts;

namespace Twin.EndToEnd.Tests.Harness;

/// <summary>Steps the end-to-end tests share: start a work order on the machine, wait for the ERP, check exactly-once.</summary>
internal static class FlowSteps
{
    public static readonly TimeSpan FlowTimeout = TimeSpan.FromSeconds(45);

    /// <summary>
    /// Creates and releases a work order for the machine's operation 10 and assigns the machine once every earlier
    /// tick has reached the twin, so the order gets exactly the ticks the test makes after this.
    /// </summary>
    public static async Task<string> StartOrderAsync(this ShopFloorToErpFixture plant, string workOrder, bool releasedInErp = true)
    {
        if (releasedInErp)
        {
            await plant.Erp.ReleaseWorkOrderAsync(workOrder);
        }

        await plant.Rest.CreateWorkOrderAsync(workOrder, ShopFloorToErpFixture.Item, 1_000_000, ShopFloorToErpFixture.Machine);
        await plant.Rest.ReleaseAsync(workOrder);
        await Eventually.Until(() => plant.Rest.MachineAsync(ShopFloorToErpFixture.Machine), m => m?.Counters.Good == plant.Ticks, FlowTimeout,
            $"machine {ShopFloorToErpFixture.Machine} to have counted {plant.Ticks} good parts", m => $"counted {m?.Counters.Good}");
        await plant.Rest.AssignAsync(ShopFloorToErpFixture.Machine, workOrder);
        return workOrder;
    }

    public static async Task<decimal> BookedGoodAsync(this ShopFloorToErpFixture plant, string workOrder, decimal expected)
    {
        var documents = await Eventually.Until(() => plant.Erp.DocumentsAsync(workOrder),
            d => d.Where(x => x.Kind == "ProductionConfirmation").Sum(x => x.Quantity) >= expected, FlowTimeout,
            $"the ERP to book {expected} good on {workOrder}",
            d => $"{d.Where(x => x.Kind == "ProductionConfirmation").Sum(x => x.Quantity)} booked\n{plant.Diagnostics()}");
        return documents.Where(x => x.Kind == "ProductionConfirmation").Sum(x => x.Quantity);
    }

    public static async Task AssertEachBookedOnceAsync(this ShopFloorToErpFixture plant, string workOrder)
    {
        var documents = await plant.Erp.DocumentsAsync(workOrder);
        Assert.Equal(documents.Count, documents.Select(d => d.IdempotencyKey).Distinct().Count());
        var sources = documents.SelectMany(d => d.SourceEventIds.Select(s => (d.Kind, s))).ToList();
        Assert.Equal(sources.Count, sources.Distinct().Count());
    }
}
