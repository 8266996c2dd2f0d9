using System.Diagnostics;
using Twin.Contracts;
using Twin.EndToEnd.Tests.Harness;

namespace Twin.EndToEnd.Tests;

/// <summary>
/// Issue 5 (a)–(f): machine counts on a real OPC UA server reach a real ERP through a real silo on PostgreSQL,
/// exactly once in effect through outages, throttling, a killed silo and a business rejection.
/// </summary>
[Collection(ShopFloorToErpCollection.Name)]
public sealed class ShopFloorToErpTests(ShopFloorToErpFixture plant)
{
    private static readonly TimeSpan FlowTimeout = FlowSteps.FlowTimeout;

    [Fact]
    public async Task A_production_on_the_machine_reaches_the_ERP_as_confirmations_equal_to_what_it_counted()
    {
        var order = await plant.StartOrderAsync("WO-E2E-A");
        var before = (await plant.Rest.MachineAsync(ShopFloorToErpFixture.Machine))!.Counters;
        var first = plant.Ticks;

        await plant.TickAsync(17);
        await plant.TickAsync(13);

        var booked = await plant.BookedGoodAsync(order, 30);
        var after = (await plant.Rest.MachineAsync(ShopFloorToErpFixture.Machine))!.Counters;
        Assert.Equal(30, after.Good - before.Good);
        Assert.Equal(after.Good - before.Good, booked);
        var progress = (await plant.Rest.WorkOrderAsync(order)).Operations.Single(o => o.Sequence == 10);
        Assert.Equal(30m, progress.Good);
        var scrapExpected = Enumerable.Range(first + 1, 30).Count(t => t % 25 == 0);
        Assert.Equal(scrapExpected, after.Scrap - before.Scrap);
        await Eventually.Until(() => plant.Erp.DocumentsAsync(order), d => d.Where(x => x.Kind == "Scrap").Sum(x => x.Quantity) == scrapExpected,
            FlowTimeout, $"the ERP to book {scrapExpected} scrap on {order}");
        await plant.AssertEachBookedOnceAsync(order);
    }

    [Fact]
    public async Task B_an_ERP_outage_then_recovery_posts_everything_and_nothing_twice()
    {
        var order = await plant.StartOrderAsync("WO-E2E-B");
        var figuresBefore = await plant.Rest.ErpFiguresAsync();
        await plant.Erp.FaultAsync(new { outageSeconds = 120 });
        try
        {
            await plant.TickAsync(12);
            await Eventually.Until(plant.Rest.ErpFiguresAsync, f => f.Retried > figuresBefore.Retried && f.PendingCount > 0, FlowTimeout,
                "ERP sync to retry against the outage with transactions pending", f => f.ToString());
        }
        finally
        {
            await plant.Erp.FaultAsync(new { endOutages = true });
        }

        Assert.Equal(12, await plant.BookedGoodAsync(order, 12));
        // Being down is transient: nothing was dead-lettered for it.
        Assert.Equal(figuresBefore.DeadLettered, (await plant.Rest.ErpFiguresAsync()).DeadLettered);
        await plant.AssertEachBookedOnceAsync(order);
    }

    [Fact]
    public async Task C_a_storm_of_429_with_Retry_After_is_honoured_and_nothing_is_lost()
    {
        var order = await plant.StartOrderAsync("WO-E2E-C");
        var throttledBefore = (await plant.Erp.StatsAsync()).GetProperty("throttled").GetInt64();
        await plant.Erp.FaultAsync(new { throttleNextRequests = 4, retryAfterSeconds = 1 });
        var clock = Stopwatch.StartNew();

        await plant.TickAsync(9);

        Assert.Equal(9, await plant.BookedGoodAsync(order, 9));
        var throttled = (await plant.Erp.StatsAsync()).GetProperty("throttled").GetInt64() - throttledBefore;
        Assert.Equal(4, throttled);
        // Four 429s each asking for 1 s: honouring them means the booking cannot come before about 4 s
        // (without honouring, the connector's 100 ms and the outbox's 250 ms backoffs would take well under 2 s).
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(3.5), $"booked after {clock.Elapsed.TotalSeconds:0.0} s despite 4 × Retry-After: 1");
        await plant.AssertEachBookedOnceAsync(order);
    }

    [Fact]
    public async Task E_a_business_rejection_lands_in_dead_letters_with_the_reason_and_replay_after_the_fix_books_it()
    {
        var order = await plant.StartOrderAsync("WO-E2E-E", releasedInErp: false);

        await plant.TickAsync(6);

        var dead = await Eventually.Until(plant.Rest.DeadLettersAsync, d => d.Any(x => x.WorkOrder == order && x.Kind == "ProductionConfirmation"), FlowTimeout,
            $"a dead letter for {order}", d => string.Join("; ", d.Select(x => $"{x.WorkOrder}: {x.Reason}")));
        var letters = dead.Where(x => x.WorkOrder == order).ToList();
        Assert.All(letters, l => Assert.Contains($"Work order {order} is not released", l.Reason, StringComparison.Ordinal));
        Assert.Equal(6m, letters.Where(l => l.Kind == "ProductionConfirmation").Sum(l => l.Quantity));
        Assert.Empty(await plant.Erp.DocumentsAsync(order));

        await plant.Erp.ReleaseWorkOrderAsync(order);
        Assert.True(await plant.Rest.ReplayAllDeadLettersAsync() >= letters.Count);

        Assert.Equal(6, await plant.BookedGoodAsync(order, 6));
        await Eventually.Until(plant.Rest.DeadLettersAsync, d => d.All(x => x.WorkOrder != order), FlowTimeout, $"the dead letters of {order} to be gone");
        await plant.AssertEachBookedOnceAsync(order);
    }

    [Fact]
    public async Task F_the_correlation_id_of_an_OPC_UA_notification_leads_to_the_ERP_document_that_booked_it()
    {
        var order = await plant.StartOrderAsync("WO-E2E-F");

        await plant.TickAsync(3);

        await plant.BookedGoodAsync(order, 3);
        var document = (await plant.Erp.DocumentsAsync(order)).First(d => d.Kind == "ProductionConfirmation");
        Assert.NotNull(document.CorrelationId);
        Assert.StartsWith("opc:", document.CorrelationId, StringComparison.Ordinal);
        // The same correlation id marks the machine's report of the counted production and the work order's booking.
        var machineHistory = await plant.Rest.MachineHistoryAsync(ShopFloorToErpFixture.Machine);
        Assert.Contains(machineHistory, h => h.CorrelationId == document.CorrelationId && h.Command == "ReportProduction");
        var orderHistory = await plant.Rest.WorkOrderHistoryAsync(order);
        Assert.Contains(orderHistory, h => h.CorrelationId == document.CorrelationId);
        Assert.All(document.SourceEventIds, id => Assert.Contains(order, id, StringComparison.Ordinal));
    }
}
