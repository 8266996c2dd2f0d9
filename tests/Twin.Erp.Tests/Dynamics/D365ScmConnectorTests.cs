using D365Simulator.Apis;
using Twin.Erp.Connector;
using Twin.Erp.Transactions;

namespace Twin.Erp.Tests.Dynamics;

/// <summary>The d365-scm connector against the D365-shaped simulator over real HTTP on 127.0.0.1.</summary>
public sealed class D365ScmConnectorTests
{
    [Fact]
    public async Task Every_message_kind_is_booked_exactly_once_through_a_token_expiry()
    {
        await using var d365 = await D365SimulatorFixture.StartAsync();
        await using var host = new D365ConnectorHost(d365);
        List<ErpTransaction> first =
        [
            TestTransactions.Make(ErpTransactionKind.MaterialConsumption, TestTransactions.NewEventId("pick"), item: "RM-200", quantity: 4) with { FromLocation = "LINE-1", Lot = "B-77" },
            TestTransactions.Confirmation(TestTransactions.NewEventId("good"), quantity: 12),
            TestTransactions.Make(ErpTransactionKind.Scrap, TestTransactions.NewEventId("scrap"), quantity: 2) with { Reason = "short shot" },
        ];
        List<ErpTransaction> second = [TestTransactions.Make(ErpTransactionKind.GoodsReceipt, TestTransactions.NewEventId("finished"), quantity: 12) with { Lot = "LOT-9", Final = true }];

        var before = await host.Connector.PostBatchAsync(first);
        await d365.FaultsAsync(new FaultCommand(ExpireTokens: true));
        var after = await host.Connector.PostBatchAsync(second);

        Assert.All(before.Concat(after), o => Assert.Equal((ErpOutcomeStatus.Booked, false), (o.Status, o.AlreadyBooked)));
        Assert.All(before.Concat(after), o => Assert.False(string.IsNullOrEmpty(o.DocumentNumber)));
        foreach (var t in first.Concat(second))
        {
            Assert.Equal("Processed", Assert.Single(await d365.MessagesAsync(t.IdempotencyKey)).Status);
        }

        var finished = Assert.Single(await d365.MessagesAsync(second[0].IdempotencyKey));
        Assert.Contains("\"ItemBatchNumber\":\"LOT-9\"", finished.Content, StringComparison.Ordinal);
        Assert.Contains("\"ProductionWarehouseId\":\"11\"", finished.Content, StringComparison.Ordinal);
        Assert.Contains("\"LocationId\":\"FG-01\"", finished.Content, StringComparison.Ordinal);
        Assert.Contains("\"InventoryStatusId\":\"Available\"", finished.Content, StringComparison.Ordinal);
        var stats = await d365.StatsAsync();
        Assert.Equal(
            new Dictionary<string, int>
            {
                ["ProdProductionOrderStart"] = 1, ["ProdProductionOrderPickingList"] = 1, ["ProdProductionOrderRouteCard"] = 2,
                ["ProdProductionOrderReportFinished"] = 1, ["ProdProductionOrderEnd"] = 1,
            },
            stats.ProcessedByType);
        Assert.Equal((6, 0), (stats.Messages, stats.Failed));
        // The expired token was refused once, renewed, and the message sent again (D365 had processed nothing).
        Assert.Equal(2, stats.TokensIssued);
        Assert.True(stats.TokensRefused >= 1);
    }

    [Fact]
    public async Task A_429_storm_is_transient_with_D365s_Retry_After_and_books_once_it_passes()
    {
        await using var d365 = await D365SimulatorFixture.StartAsync();
        await using var host = new D365ConnectorHost(d365);
        List<ErpTransaction> batch =
        [
            TestTransactions.Confirmation(TestTransactions.NewEventId("a"), workOrder: "4711"),
            TestTransactions.Confirmation(TestTransactions.NewEventId("b"), workOrder: "4712"),
            TestTransactions.Confirmation(TestTransactions.NewEventId("c"), workOrder: "4711"),
        ];
        await d365.FaultsAsync(new FaultCommand(ThrottleRequests: 3, RetryAfterSeconds: 7));

        var during = await host.Connector.PostBatchAsync(batch);
        var rounds = 1;
        var outcomes = during;
        while (outcomes.Any(o => o.Status != ErpOutcomeStatus.Booked) && rounds++ < 6)
        {
            outcomes = await host.Connector.PostBatchAsync(batch);
        }

        Assert.All(during, o => Assert.Equal((ErpOutcomeStatus.Transient, false, TimeSpan.FromSeconds(7)), (o.Status, o.Ambiguous, o.RetryAfter)));
        Assert.All(outcomes, o => Assert.Equal(ErpOutcomeStatus.Booked, o.Status));
        foreach (var t in batch)
        {
            Assert.Single(await d365.MessagesAsync(t.IdempotencyKey));
        }

        var stats = await d365.StatsAsync();
        Assert.Equal((3L, 5, 0), (stats.Throttled, stats.Processed, stats.Failed)); // 2 order starts + 3 route cards.
    }

    [Fact]
    public async Task A_lost_answer_is_looked_up_and_not_sent_again()
    {
        await using var d365 = await D365SimulatorFixture.StartAsync();
        await using var host = new D365ConnectorHost(d365);
        var opener = TestTransactions.Confirmation(TestTransactions.NewEventId("opener"));
        var lost = TestTransactions.Confirmation(TestTransactions.NewEventId("lost"));
        Assert.Equal(ErpOutcomeStatus.Booked, Assert.Single(await host.Connector.PostBatchAsync([opener])).Status);
        await d365.FaultsAsync(new FaultCommand(DropResponses: 1));

        var unknown = Assert.Single(await host.Connector.PostBatchAsync([lost]));
        var again = Assert.Single(await host.Connector.PostBatchAsync([lost]));

        Assert.Equal((ErpOutcomeStatus.Transient, true), (unknown.Status, unknown.Ambiguous));
        Assert.Equal((ErpOutcomeStatus.Booked, true), (again.Status, again.AlreadyBooked));
        Assert.Equal("Processed", Assert.Single(await d365.MessagesAsync(lost.IdempotencyKey)).Status);
        var stats = await d365.StatsAsync();
        Assert.Equal((1L, 3), (stats.DroppedAnswers, stats.Messages)); // start, opener, lost — each once.
    }

    [Fact]
    public async Task An_order_D365_does_not_know_is_rejected_with_D365s_text()
    {
        await using var d365 = await D365SimulatorFixture.StartAsync();
        await using var host = new D365ConnectorHost(d365);
        var stray = TestTransactions.Confirmation(TestTransactions.NewEventId("stray"), workOrder: "4799");
        var hold = TestTransactions.Make(ErpTransactionKind.QualityHold, TestTransactions.NewEventId("hold")) with { FromLocation = "FG-STORE", Lot = "LOT-1" };

        var outcomes = await host.Connector.PostBatchAsync([stray, hold]);

        Assert.Equal(ErpOutcomeStatus.Rejected, outcomes[0].Status);
        Assert.Equal("D365 failed the message: Production order P000999 was not found in company USMF.", outcomes[0].Reason);
        Assert.False(string.IsNullOrEmpty(outcomes[0].MessageId));
        Assert.Equal(ErpOutcomeStatus.Rejected, outcomes[1].Status);
        Assert.StartsWith("the d365-scm connector does not post QualityHold of FG-100", outcomes[1].Reason, StringComparison.Ordinal);
        Assert.Equal("Failed", Assert.Single(await d365.MessagesAsync(stray.IdempotencyKey)).Status);
    }

    [Fact]
    public async Task A_throttled_message_holds_back_the_later_ones_of_its_order()
    {
        await using var d365 = await D365SimulatorFixture.StartAsync();
        await using var host = new D365ConnectorHost(d365);
        var opener = TestTransactions.Confirmation(TestTransactions.NewEventId("opener"));
        Assert.Equal(ErpOutcomeStatus.Booked, Assert.Single(await host.Connector.PostBatchAsync([opener])).Status);
        List<ErpTransaction> batch = [TestTransactions.Confirmation(TestTransactions.NewEventId("earlier")), TestTransactions.Confirmation(TestTransactions.NewEventId("later"))];
        await d365.FaultsAsync(new FaultCommand(ThrottleRequests: 1, RetryAfterSeconds: 4));

        var during = await host.Connector.PostBatchAsync(batch);
        var after = await host.Connector.PostBatchAsync(batch);

        Assert.All(during, o => Assert.Equal((ErpOutcomeStatus.Transient, TimeSpan.FromSeconds(4)), (o.Status, o.RetryAfter)));
        Assert.StartsWith("waits behind an earlier message of order P000123", during[1].Reason, StringComparison.Ordinal);
        Assert.All(after, o => Assert.Equal(ErpOutcomeStatus.Booked, o.Status));
        var earlier = Assert.Single(await d365.MessagesAsync(batch[0].IdempotencyKey));
        var later = Assert.Single(await d365.MessagesAsync(batch[1].IdempotencyKey));
        Assert.True(earlier.Sequence < later.Sequence, "D365 must receive an order's messages in batch order");
    }

    [Fact]
    public async Task A_message_whose_answer_died_with_the_previous_silo_is_found_after_start_not_sent_again()
    {
        await using var d365 = await D365SimulatorFixture.StartAsync();
        var confirmation = TestTransactions.Confirmation(TestTransactions.NewEventId("crash"));
        await using (var before = new D365ConnectorHost(d365))
        {
            Assert.Equal(ErpOutcomeStatus.Booked, Assert.Single(await before.Connector.PostBatchAsync([TestTransactions.Confirmation(TestTransactions.NewEventId("opener"))])).Status);
            await d365.FaultsAsync(new FaultCommand(DropResponses: 1));
            Assert.True(Assert.Single(await before.Connector.PostBatchAsync([confirmation])).Ambiguous);
        }

        await using var after = new D365ConnectorHost(d365, new Dictionary<string, string?> { ["Erp:Connector:LookUpAfterStart"] = "00:10:00" });
        var outcome = Assert.Single(await after.Connector.PostBatchAsync([confirmation]));

        Assert.Equal((ErpOutcomeStatus.Booked, true), (outcome.Status, outcome.AlreadyBooked));
        Assert.Single(await d365.MessagesAsync(confirmation.IdempotencyKey));
        var stats = await d365.StatsAsync();
        Assert.Equal((1, 3), (stats.ProcessedByType["ProdProductionOrderStart"], stats.Messages)); // The order was not started twice.
    }

    [Fact]
    public async Task The_token_is_renewed_before_it_expires_so_D365_never_refuses_it()
    {
        // Tokens live 2 s; the connector renews one at half its life when it is that short (else a minute before its end).
        await using var d365 = await D365SimulatorFixture.StartAsync("--D365Simulator:TokenLifetime=00:00:02");
        await using var host = new D365ConnectorHost(d365);

        Assert.Equal(ErpOutcomeStatus.Booked, Assert.Single(await host.Connector.PostBatchAsync([TestTransactions.Confirmation(TestTransactions.NewEventId("early"))])).Status);
        await Task.Delay(TimeSpan.FromMilliseconds(1200)); // The token ages past its renewal point, not past its end.
        Assert.Equal(ErpOutcomeStatus.Booked, Assert.Single(await host.Connector.PostBatchAsync([TestTransactions.Confirmation(TestTransactions.NewEventId("late"))])).Status);

        var stats = await d365.StatsAsync();
        Assert.Equal(0L, stats.TokensRefused);
        Assert.True(stats.TokensIssued >= 2, $"the token should have been renewed, {stats.TokensIssued} issued");
    }
}
