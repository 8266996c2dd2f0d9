using SapSimulator.Apis;
using Twin.Erp.Connector;
using Twin.Erp.Transactions;

namespace Twin.Erp.Tests.Sap;

/// <summary>The sap-s4 connector against the SAP-shaped simulator over real HTTP on 127.0.0.1.</summary>
public sealed class SapS4ConnectorTests
{
    [Fact]
    public async Task Every_kind_books_exactly_once_through_a_CSRF_token_expiry()
    {
        await using var sap = await SapSimulatorFixture.StartAsync();
        await using var host = new SapConnectorHost(sap.BaseAddress);
        var first = PlantDay("first");
        var second = PlantDay("second");

        var before = await host.Connector.PostBatchAsync(first);
        await sap.FaultsAsync(new FaultCommand(null, ExpireCsrfTokens: true, null));
        var after = await host.Connector.PostBatchAsync(second);

        Assert.All(before.Concat(after), o => Assert.Equal((ErpOutcomeStatus.Booked, false), (o.Status, o.AlreadyBooked)));
        Assert.All(before.Concat(after), o => Assert.False(string.IsNullOrEmpty(o.DocumentNumber)));
        foreach (var t in first.Concat(second))
        {
            var booked = t.Kind is ErpTransactionKind.ProductionConfirmation or ErpTransactionKind.Scrap
                ? await sap.ConfirmationsAsync(t.IdempotencyKey)
                : await sap.MaterialDocumentsAsync(t.IdempotencyKey);
            Assert.Equal(1, booked);
        }

        var stats = await sap.StatsAsync();
        Assert.Equal((4, 10), (stats.Confirmations, stats.MaterialDocuments));
        // Both services refused the expired token once each, fetched a new one and replayed.
        Assert.Equal(2, stats.CsrfRefusals);
        Assert.Equal(4, stats.CsrfFetches);
        Assert.Equal(14, stats.Lookups); // Just after start every document is looked up first (LookUpAfterStart).
    }

    [Fact]
    public async Task A_lock_held_by_another_user_is_transient_with_SAPs_message_and_books_once_released()
    {
        await using var sap = await SapSimulatorFixture.StartAsync();
        await using var host = new SapConnectorHost(sap.BaseAddress);
        var confirmation = TestTransactions.Confirmation(TestTransactions.NewEventId("locked"));
        await sap.HoldLockAsync("order:1000123", 60_000);

        var during = Assert.Single(await host.Connector.PostBatchAsync([confirmation]));
        await sap.ReleaseLockAsync("order:1000123");
        var after = Assert.Single(await host.Connector.PostBatchAsync([confirmation]));

        Assert.Equal((ErpOutcomeStatus.Transient, false, "ZTWINSIM/010"), (during.Status, during.Ambiguous, during.MessageId));
        Assert.Contains("being processed", during.Reason, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(3), during.RetryAfter);
        Assert.Equal(ErpOutcomeStatus.Booked, after.Status);
        Assert.Equal(1, await sap.ConfirmationsAsync(confirmation.IdempotencyKey));
    }

    [Fact]
    public async Task Concurrent_posts_on_one_order_are_serialized_and_never_meet_SAPs_lock()
    {
        await using var sap = await SapSimulatorFixture.StartAsync("--SapSimulator:ProcessingTime=00:00:00.020");
        await using var host = new SapConnectorHost(sap.BaseAddress);
        var batches = Enumerable.Range(0, 8)
            .Select(i => (IReadOnlyList<ErpTransaction>)[TestTransactions.Confirmation(TestTransactions.NewEventId($"parallel-{i}"))])
            .ToList();

        var outcomes = await Task.WhenAll(batches.Select(b => host.Connector.PostBatchAsync(b)));

        Assert.All(outcomes.SelectMany(o => o), o => Assert.Equal(ErpOutcomeStatus.Booked, o.Status));
        var stats = await sap.StatsAsync();
        Assert.Equal((8, 0L), (stats.Confirmations, stats.LockCollisions));
    }

    [Fact]
    public async Task A_changeset_that_fails_inside_a_batch_fails_only_its_document()
    {
        await using var sap = await SapSimulatorFixture.StartAsync();
        await using var host = new SapConnectorHost(sap.BaseAddress, NoLookUpAfterStart);
        var good = Consumption("good-1", "RM-200");
        var unknown = Consumption("unknown", "NO-SUCH-MAT");
        var alsoGood = Consumption("good-2", "FG-100");

        var outcomes = await host.Connector.PostBatchAsync([good, unknown, alsoGood]);

        Assert.Equal([ErpOutcomeStatus.Booked, ErpOutcomeStatus.Rejected, ErpOutcomeStatus.Booked], outcomes.Select(o => o.Status));
        Assert.Equal("ZTWINSIM/021", outcomes[1].MessageId);
        Assert.Contains("Material NO-SUCH-MAT is not maintained in plant 1010", outcomes[1].Reason, StringComparison.Ordinal);
        Assert.Equal((1, 0, 1), (await sap.MaterialDocumentsAsync(good.IdempotencyKey), await sap.MaterialDocumentsAsync(unknown.IdempotencyKey), await sap.MaterialDocumentsAsync(alsoGood.IdempotencyKey)));
        var stats = await sap.StatsAsync();
        Assert.Equal((1L, 0L), (stats.CsrfFetches, stats.Lookups)); // One $batch for all three: one token, no lookups.
    }

    [Fact]
    public async Task A_response_lost_after_SAP_booked_is_looked_up_and_not_posted_again()
    {
        await using var sap = await SapSimulatorFixture.StartAsync();
        await using var host = new SapConnectorHost(sap.BaseAddress, NoLookUpAfterStart);
        var confirmation = TestTransactions.Confirmation(TestTransactions.NewEventId("lost"));
        var receipt = TestTransactions.Make(ErpTransactionKind.GoodsReceipt, TestTransactions.NewEventId("lost-receipt"));
        await sap.FaultsAsync(new FaultCommand(DropResponsesAfterBooking: 2, null, null));

        var lost = await host.Connector.PostBatchAsync([confirmation, receipt]);
        var again = await host.Connector.PostBatchAsync([confirmation, receipt]);

        Assert.All(lost, o => Assert.Equal((ErpOutcomeStatus.Transient, true), (o.Status, o.Ambiguous)));
        Assert.All(again, o => Assert.Equal((ErpOutcomeStatus.Booked, true), (o.Status, o.AlreadyBooked)));
        Assert.All(again, o => Assert.False(string.IsNullOrEmpty(o.DocumentNumber)));
        Assert.Equal((1, 1), (await sap.ConfirmationsAsync(confirmation.IdempotencyKey), await sap.MaterialDocumentsAsync(receipt.IdempotencyKey)));
        var stats = await sap.StatsAsync();
        Assert.Equal((2L, 2L), (stats.DroppedAnswers, stats.Lookups));
    }

    [Fact]
    public async Task A_post_whose_answer_died_with_the_silo_is_found_by_the_next_silo_after_start()
    {
        await using var sap = await SapSimulatorFixture.StartAsync();
        var confirmation = TestTransactions.Confirmation(TestTransactions.NewEventId("crashed"));
        var fresh = TestTransactions.Confirmation(TestTransactions.NewEventId("fresh"));
        await sap.FaultsAsync(new FaultCommand(DropResponsesAfterBooking: 1, null, null));
        await using (var crashed = new SapConnectorHost(sap.BaseAddress, NoLookUpAfterStart))
        {
            Assert.True(Assert.Single(await crashed.Connector.PostBatchAsync([confirmation])).Ambiguous);
        }

        // A new connector knows nothing of the lost answer; within LookUpAfterStart it looks every key up first.
        await using var next = new SapConnectorHost(sap.BaseAddress);
        var outcomes = await next.Connector.PostBatchAsync([confirmation, fresh]);

        Assert.Equal([(ErpOutcomeStatus.Booked, true), (ErpOutcomeStatus.Booked, false)], outcomes.Select(o => (o.Status, o.AlreadyBooked)));
        Assert.Equal((1, 1), (await sap.ConfirmationsAsync(confirmation.IdempotencyKey), await sap.ConfirmationsAsync(fresh.IdempotencyKey)));
    }

    [Fact]
    public async Task Business_refusals_carry_SAPs_message_and_kinds_SAP_books_elsewhere_are_not_posted()
    {
        await using var sap = await SapSimulatorFixture.StartAsync("--SapSimulator:OpenPeriodFrom=2026-12-01");
        await using var host = new SapConnectorHost(sap.BaseAddress);
        var oldPeriod = TestTransactions.Confirmation(TestTransactions.NewEventId("closed-period"));
        var shipment = TestTransactions.Make(ErpTransactionKind.GoodsIssue, TestTransactions.NewEventId("ship")) with { FromLocation = "FG-STORE" };
        var unmappedOrder = TestTransactions.Confirmation(TestTransactions.NewEventId("unmapped"), workOrder: "9999");

        var outcomes = await host.Connector.PostBatchAsync([oldPeriod, shipment, unmappedOrder]);

        Assert.All(outcomes, o => Assert.Equal(ErpOutcomeStatus.Rejected, o.Status));
        Assert.Equal("ZTWINSIM/030", outcomes[0].MessageId);
        Assert.Contains("Posting period 2026/11 is closed", outcomes[0].Reason, StringComparison.Ordinal);
        Assert.Contains("does not post GoodsIssue", outcomes[1].Reason, StringComparison.Ordinal);
        Assert.Contains("work order 9999 has no entry in Erp:Connector:Mapping:WorkOrders", outcomes[2].Reason, StringComparison.Ordinal);
        Assert.Equal(0, (await sap.StatsAsync()).Confirmations);
    }

    [Fact]
    public async Task OAuth2_client_credentials_take_a_new_token_when_the_old_one_is_refused()
    {
        await using var sap = await SapSimulatorFixture.StartAsync();
        await using var host = new SapConnectorHost(sap.BaseAddress, new Dictionary<string, string?>
        {
            ["Erp:Connector:Auth:Mode"] = "OAuth2",
            ["Erp:Connector:Auth:User"] = null,
            ["Erp:Connector:Auth:Password"] = null,
            ["Erp:Connector:Auth:TokenUrl"] = new Uri(sap.BaseAddress, "/oauth/token").ToString(),
            ["Erp:Connector:Auth:ClientId"] = SapSimulatorFixture.ClientId,
            ["Erp:Connector:Auth:ClientSecret"] = SapSimulatorFixture.ClientSecret,
        });

        var first = await host.Connector.PostBatchAsync([TestTransactions.Confirmation(TestTransactions.NewEventId("oauth-1"))]);
        await sap.FaultsAsync(new FaultCommand(null, ExpireCsrfTokens: true, ExpireAccessTokens: true));
        var second = await host.Connector.PostBatchAsync([TestTransactions.Confirmation(TestTransactions.NewEventId("oauth-2"))]);

        Assert.All(first.Concat(second), o => Assert.Equal(ErpOutcomeStatus.Booked, o.Status));
        var stats = await sap.StatsAsync();
        Assert.Equal((2, 2), (stats.Confirmations, stats.AccessTokensIssued));
    }

    private static readonly Dictionary<string, string?> NoLookUpAfterStart = new() { ["Erp:Connector:LookUpAfterStart"] = "00:00:00" };

    [Fact]
    public async Task A_wrong_credential_keeps_documents_waiting_with_a_reason_instead_of_dead_lettering_them()
    {
        await using var sap = await SapSimulatorFixture.StartAsync();
        await using var host = new SapConnectorHost(sap.BaseAddress, new Dictionary<string, string?> { ["Erp:Connector:Auth:Password"] = "not-the-password" });

        var outcome = Assert.Single(await host.Connector.PostBatchAsync([TestTransactions.Confirmation(TestTransactions.NewEventId("wrong-user"))]));

        Assert.True((ErpOutcomeStatus.Transient, false) == (outcome.Status, outcome.Ambiguous), outcome.Reason);
        Assert.Contains("could not get a session from SAP: SAP answered the CSRF fetch with 401 Unauthorized", outcome.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", outcome.Reason, StringComparison.Ordinal);
        Assert.Equal(0, (await sap.StatsAsync()).Confirmations);
    }

    /// <summary>One of each kind the connector posts: 2 confirmations (good, scrap) and 5 material documents.</summary>
    private static List<ErpTransaction> PlantDay(string hint) =>
    [
        TestTransactions.Confirmation(TestTransactions.NewEventId(hint + "-good")),
        TestTransactions.Make(ErpTransactionKind.Scrap, TestTransactions.NewEventId(hint + "-scrap"), quantity: 2) with { Reason = "porosity" },
        Consumption(hint + "-consume", "RM-200"),
        TestTransactions.Make(ErpTransactionKind.GoodsReceipt, TestTransactions.NewEventId(hint + "-receipt")) with { Lot = "LOT-1" },
        TestTransactions.Make(ErpTransactionKind.StockMove, TestTransactions.NewEventId(hint + "-move")),
        TestTransactions.Make(ErpTransactionKind.QualityHold, TestTransactions.NewEventId(hint + "-hold"), workOrder: null) with { FromLocation = "FG-STORE", Lot = "LOT-1" },
        TestTransactions.Make(ErpTransactionKind.QualityRelease, TestTransactions.NewEventId(hint + "-release"), workOrder: null) with { FromLocation = "FG-STORE", Lot = "LOT-1" },
    ];

    private static ErpTransaction Consumption(string hint, string item) =>
        TestTransactions.Make(ErpTransactionKind.MaterialConsumption, TestTransactions.NewEventId(hint), item: item) with { FromLocation = "LINE-1" };
}
