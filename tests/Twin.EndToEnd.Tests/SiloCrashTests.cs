using Twin.EndToEnd.Tests.Harness;

namespace Twin.EndToEnd.Tests;

/// <summary>
/// Issue 5 (d) on its own processes: killing the silo must not disturb the other end-to-end tests, and they must not
/// leave work for this one.
/// </summary>
[Collection(SiloCrashCollection.Name)]
public sealed class SiloCrashTests(SiloCrashFixture plant)
{
    [Fact]
    public async Task D_kill_minus_9_of_the_silo_mid_flow_then_restart_books_every_transaction_exactly_once()
    {
        var order = await plant.StartOrderAsync("WO-E2E-D");
        // Slow ERP answers keep transactions in the durable queue (and posts in flight) when the silo dies.
        await plant.Erp.FaultAsync(new { latencyMs = 1500 });
        await plant.TickAsync(8);
        await plant.TickAsync(7);
        await Eventually.Until(plant.Rest.ErpFiguresAsync, f => f.PendingCount > 0, FlowSteps.FlowTimeout, "transactions of the flow to be queued for the ERP");
        await plant.TickAsync(5);

        await plant.KillAndRestartSiloAsync();
        await plant.Erp.ResetFaultsAsync();

        Assert.Equal(20, await plant.BookedGoodAsync(order, 20));
        var progress = (await plant.Rest.WorkOrderAsync(order)).Operations.Single(o => o.Sequence == 10);
        Assert.Equal(20m, progress.Good);
        await plant.AssertEachBookedOnceAsync(order);
    }
}
