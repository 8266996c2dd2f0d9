using Twin.EndToEnd.Tests.Harness;
using Xunit.Abstractions;

namespace Twin.EndToEnd.Tests;

/// <summary>
/// Issue 5 (d) on its own processes: killing the silo must not disturb the other end-to-end tests, and they must not
/// leave work for this one. Posting windows are on (3 s, SiloCrashFixture): the kill lands while sources are staged
/// in open windows, documents are sealed and posts are in flight; quantities must still be conserved per operation.
/// </summary>
[Collection(SiloCrashCollection.Name)]
public sealed class SiloCrashTests(SiloCrashFixture plant, ITestOutputHelper output)
{
    [Fact]
    public async Task D_kill_minus_9_of_the_silo_mid_flow_then_restart_books_every_transaction_exactly_once()
    {
        var order = await plant.StartOrderAsync("WO-E2E-D");
        var first = plant.Ticks;
        // Slow ERP answers keep transactions in the durable queue (and posts in flight) when the silo dies.
        await plant.Erp.FaultAsync(new { latencyMs = 1500 });
        await plant.TickAsync(8);
        await plant.TickAsync(7);
        await Eventually.Until(plant.Rest.ErpFiguresAsync, f => f.PendingCount > 0, FlowSteps.FlowTimeout, "transactions of the flow to be queued for the ERP");
        await plant.TickAsync(5);

        await plant.KillAndRestartSiloAsync();
        await plant.Erp.ResetFaultsAsync();

        var scrap = FlowSteps.ScrapBetween(first, plant.Ticks);
        await plant.BookedAsync(order, 20, scrap, FlowSteps.FlowTimeout);
        var progress = (await plant.Rest.WorkOrderAsync(order)).Operations.Single(o => o.Sequence == 10);
        Assert.Equal(20m, progress.Good);
        var figures = await plant.Rest.ErpFiguresAsync();
        var documents = await plant.AssertBookedEqualsCountedAsync(order, 20, scrap, $"plant made 20 good, {scrap} scrap; ERP figures {figures}");
        output.WriteLine($"{FlowSteps.Aggregation(documents)}; the ERP sync recognised {figures.Duplicates} redelivered events");
    }
}
