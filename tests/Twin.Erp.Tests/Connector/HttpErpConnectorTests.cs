using System.Diagnostics;
using Twin.Erp.Connector;
using Twin.Erp.Http;
using Twin.Erp.Transactions;

namespace Twin.Erp.Tests.Connector;

/// <summary>The HTTP connector against the real simulator over loopback HTTP. Tests in this class share one simulator and run one at a time.</summary>
public sealed class HttpErpConnectorTests(ErpSimulatorFixture erp) : IClassFixture<ErpSimulatorFixture>, IAsyncLifetime
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    public Task InitializeAsync() => erp.ResetFaultsAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_batch_is_booked_with_document_numbers_and_audited_with_key_correlation_and_quantity()
    {
        await using var host = new ConnectorHost(erp.BaseAddress);
        var batch = NewBatch(3, "book");

        var outcomes = await PostAsync(host, batch);

        Assert.All(outcomes, o => Assert.Equal((ErpOutcomeStatus.Booked, false), (o.Status, o.AlreadyBooked)));
        Assert.Equal(batch.Select(t => t.IdempotencyKey), outcomes.Select(o => o.IdempotencyKey));
        var document = Assert.Single(await erp.DocumentsAsync(batch[0].IdempotencyKey));
        Assert.Equal(outcomes[0].DocumentNumber, document.DocumentNumber);
        Assert.Equal((batch[0].CorrelationId, batch[0].Quantity, "ProductionConfirmation"), (document.CorrelationId, document.Quantity, document.Kind));
    }

    [Fact]
    public async Task A_repeated_key_is_acknowledged_as_already_booked_and_never_booked_twice()
    {
        await using var host = new ConnectorHost(erp.BaseAddress);
        var batch = NewBatch(2, "repeat");

        var first = await PostAsync(host, batch);
        var again = await PostAsync(host, batch);

        Assert.All(again, o => Assert.Equal((ErpOutcomeStatus.Booked, true), (o.Status, o.AlreadyBooked)));
        Assert.Equal(first.Select(o => o.DocumentNumber), again.Select(o => o.DocumentNumber));
        Assert.Single(await erp.DocumentsAsync(batch[1].IdempotencyKey));
    }

    [Fact]
    public async Task An_answer_lost_after_booking_is_retried_and_told_already_booked()
    {
        await using var host = new ConnectorHost(erp.BaseAddress);
        await erp.SetFaultsAsync(new { loseNextAnswers = 1 });
        var batch = NewBatch(2, "lost");

        var outcomes = await PostAsync(host, batch);

        Assert.All(outcomes, o => Assert.Equal((ErpOutcomeStatus.Booked, true), (o.Status, o.AlreadyBooked)));
        Assert.Single(await erp.DocumentsAsync(batch[0].IdempotencyKey));
        Assert.Equal(1, (await erp.StatsAsync()).LostAnswers);
    }

    [Fact]
    public async Task Server_errors_are_retried_within_the_call_and_the_batch_is_booked()
    {
        await using var host = new ConnectorHost(erp.BaseAddress);
        await erp.SetFaultsAsync(new { failNextRequests = 2, serverErrorStatus = 502 });
        var before = await erp.StatsAsync();

        var outcomes = await PostAsync(host, NewBatch(1, "5xx"));

        Assert.Equal(ErpOutcomeStatus.Booked, Assert.Single(outcomes).Status);
        var after = await erp.StatsAsync();
        Assert.Equal(2, after.ServerErrors - before.ServerErrors);
        Assert.Equal(3, after.Requests - before.Requests);
    }

    [Fact]
    public async Task An_outage_longer_than_the_retries_is_transient_and_books_after_recovery()
    {
        await using var host = new ConnectorHost(erp.BaseAddress, o => o.MaxRetryAttempts = 1);
        await erp.SetFaultsAsync(new { outageSeconds = 600, retryAfterSeconds = 0 });
        var batch = NewBatch(2, "outage");

        var during = await PostAsync(host, batch);
        Assert.All(during, o => Assert.Equal(ErpOutcomeStatus.Transient, o.Status));
        Assert.Contains("503", during[0].Reason, StringComparison.Ordinal);

        await erp.SetFaultsAsync(new { endOutages = true });
        var after = await PostAsync(host, batch);
        Assert.All(after, o => Assert.Equal((ErpOutcomeStatus.Booked, false), (o.Status, o.AlreadyBooked)));
    }

    [Fact]
    public async Task Dropped_connections_during_an_outage_are_transient()
    {
        await using var host = new ConnectorHost(erp.BaseAddress, o => o.MaxRetryAttempts = 1);
        await erp.SetFaultsAsync(new { outageSeconds = 600, outageDropsConnections = true });

        var outcomes = await PostAsync(host, NewBatch(1, "drop"));

        var outcome = Assert.Single(outcomes);
        Assert.Equal(ErpOutcomeStatus.Transient, outcome.Status);
        Assert.Contains("could not reach ERP", outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_circuit_opens_after_repeated_failures_and_stops_calling_the_erp()
    {
        await using var host = new ConnectorHost(erp.BaseAddress, o =>
        {
            o.MaxRetryAttempts = 0;
            o.CircuitBreakerMinimumThroughput = 2;
            o.CircuitBreakerBreakDuration = TimeSpan.FromSeconds(30);
        });
        await erp.SetFaultsAsync(new { outageSeconds = 600, retryAfterSeconds = 0 });
        await PostAsync(host, NewBatch(1, "cb-1"));
        await PostAsync(host, NewBatch(1, "cb-2"));
        var requestsBefore = (await erp.StatsAsync()).Requests;

        var outcome = Assert.Single(await PostAsync(host, NewBatch(1, "cb-3")));

        Assert.Equal(ErpOutcomeStatus.Transient, outcome.Status);
        Assert.Contains("circuit is open", outcome.Reason, StringComparison.Ordinal);
        Assert.NotNull(outcome.RetryAfter);
        Assert.Equal(requestsBefore, (await erp.StatsAsync()).Requests);
    }

    [Fact]
    public async Task A_short_retry_after_is_waited_out_within_the_call()
    {
        await using var host = new ConnectorHost(erp.BaseAddress);
        await erp.SetFaultsAsync(new { throttleNextRequests = 1, retryAfterSeconds = 1 });

        var clock = Stopwatch.StartNew();
        var outcomes = await PostAsync(host, NewBatch(1, "429-short"));

        Assert.Equal(ErpOutcomeStatus.Booked, Assert.Single(outcomes).Status);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(950), $"Retry-After 1 s was not honoured: retried after {clock.Elapsed}");
    }

    [Fact]
    public async Task A_long_retry_after_comes_back_to_the_caller_without_waiting()
    {
        await using var host = new ConnectorHost(erp.BaseAddress, o => o.MaxRetryAfterWithinCall = TimeSpan.FromSeconds(2));
        await erp.SetFaultsAsync(new { throttleNextRequests = 1, retryAfterSeconds = 120 });
        var before = await erp.StatsAsync();

        var outcome = Assert.Single(await PostAsync(host, NewBatch(1, "429-long")));

        Assert.Equal(ErpOutcomeStatus.Transient, outcome.Status);
        Assert.Equal(TimeSpan.FromSeconds(120), outcome.RetryAfter);
        Assert.Equal(1, (await erp.StatsAsync()).Requests - before.Requests);
    }

    [Fact]
    public async Task A_business_rejection_is_classified_with_the_erp_reason_and_the_rest_is_booked()
    {
        await using var host = new ConnectorHost(erp.BaseAddress);
        var good = TestTransactions.Confirmation(TestTransactions.NewEventId("good"));
        var unknownItem = TestTransactions.Confirmation(TestTransactions.NewEventId("bad-item"), item: "NO-SUCH-ITEM");
        var unknownOrder = TestTransactions.Confirmation(TestTransactions.NewEventId("bad-order"), workOrder: "9999");

        var outcomes = await PostAsync(host, [good, unknownItem, unknownOrder]);

        Assert.Equal(ErpOutcomeStatus.Booked, outcomes[0].Status);
        Assert.Equal((ErpOutcomeStatus.Rejected, "Item NO-SUCH-ITEM is not in the material master."), (outcomes[1].Status, outcomes[1].Reason));
        Assert.Equal((ErpOutcomeStatus.Rejected, "Work order 9999 is not released in this ERP."), (outcomes[2].Status, outcomes[2].Reason));
        Assert.Empty(await erp.DocumentsAsync(unknownItem.IdempotencyKey));
    }

    [Fact]
    public async Task A_rejected_transaction_books_under_the_same_key_once_master_data_is_fixed()
    {
        await using var host = new ConnectorHost(erp.BaseAddress);
        var item = "NEW-" + Guid.NewGuid().ToString("N")[..8];
        var transaction = TestTransactions.Confirmation(TestTransactions.NewEventId("fix"), item: item);
        Assert.Equal(ErpOutcomeStatus.Rejected, Assert.Single(await PostAsync(host, [transaction])).Status);

        using var response = await erp.Admin.PostAsync("/admin/master-data", System.Net.Http.Json.JsonContent.Create(new { items = new[] { item } }));
        response.EnsureSuccessStatusCode();

        Assert.Equal(ErpOutcomeStatus.Booked, Assert.Single(await PostAsync(host, [transaction])).Status);
    }

    [Fact]
    public async Task A_batch_refused_as_a_whole_is_rejected_with_the_reason()
    {
        await using var host = new ConnectorHost(erp.BaseAddress, o => o.BatchPath = "/api/erp/no-such-endpoint");

        var outcome = Assert.Single(await PostAsync(host, NewBatch(1, "404")));

        Assert.Equal(ErpOutcomeStatus.Rejected, outcome.Status);
        Assert.Contains("404", outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_attempt_that_takes_too_long_is_transient()
    {
        await using var host = new ConnectorHost(erp.BaseAddress, o =>
        {
            o.MaxRetryAttempts = 1;
            o.AttemptTimeout = TimeSpan.FromMilliseconds(200);
            o.TotalTimeout = TimeSpan.FromMilliseconds(500);
        });
        await erp.SetFaultsAsync(new { latencyMs = 5000 });

        var outcome = Assert.Single(await PostAsync(host, NewBatch(1, "slow")));

        Assert.Equal(ErpOutcomeStatus.Transient, outcome.Status);
    }

    [Fact]
    public async Task Large_batches_are_split_to_the_configured_size()
    {
        await using var host = new ConnectorHost(erp.BaseAddress, o => o.MaxBatchSize = 4);
        var before = await erp.StatsAsync();

        var outcomes = await PostAsync(host, NewBatch(10, "split"));

        Assert.All(outcomes, o => Assert.Equal(ErpOutcomeStatus.Booked, o.Status));
        Assert.Equal(3, (await erp.StatsAsync()).Requests - before.Requests);
    }

    [Fact]
    public async Task The_request_rate_limit_is_respected()
    {
        // 10 requests/s with a burst of one: 11 single-transaction posts need at least ~1 s.
        await using var host = new ConnectorHost(erp.BaseAddress, o => o.RateLimitPerSecond = 10);
        var clock = Stopwatch.StartNew();

        var posts = Enumerable.Range(0, 11).Select(i => PostAsync(host, NewBatch(1, $"rate-{i}")));
        var outcomes = (await Task.WhenAll(posts)).SelectMany(o => o).ToList();

        Assert.All(outcomes, o => Assert.Equal(ErpOutcomeStatus.Booked, o.Status));
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(900), $"11 requests at 10/s finished in {clock.Elapsed}");
    }

    [Fact]
    public async Task The_transaction_rate_limit_is_respected()
    {
        // 50 transactions/s, burst of one batch (10): 60 transactions need at least ~1 s.
        await using var host = new ConnectorHost(erp.BaseAddress, o =>
        {
            o.RateLimitPerSecond = 50;
            o.RateLimitUnit = ErpRateLimitUnit.Transactions;
            o.MaxBatchSize = 10;
        });
        var clock = Stopwatch.StartNew();

        var outcomes = await PostAsync(host, NewBatch(60, "tx-rate"));

        Assert.All(outcomes, o => Assert.Equal(ErpOutcomeStatus.Booked, o.Status));
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(900), $"60 transactions at 50/s finished in {clock.Elapsed}");
    }

    private static async Task<IReadOnlyList<ErpPostOutcome>> PostAsync(ConnectorHost host, IReadOnlyList<ErpTransaction> batch)
    {
        using var timeout = new CancellationTokenSource(CallTimeout);
        var outcomes = await host.Connector.PostBatchAsync(batch, timeout.Token);
        Assert.Equal(batch.Count, outcomes.Count);
        return outcomes;
    }

    private static List<ErpTransaction> NewBatch(int count, string hint) =>
        Enumerable.Range(0, count).Select(_ => TestTransactions.Confirmation(TestTransactions.NewEventId(hint))).ToList();
}
