using Twin.Erp.Outbox;
using Xunit.Abstractions;

namespace Twin.Erp.Tests.Connector;

/// <summary>
/// A larger volume through outbox, connector and simulator, checked for exactly-once only. Deliberately
/// not timed (the 2-core test machine is shared); the rate is written to the test output for information.
/// Benchmarks live in Twin.Benchmarks.
/// </summary>
public sealed class OutboxThroughputSanityTests(ErpSimulatorFixture erp, ITestOutputHelper output) : IClassFixture<ErpSimulatorFixture>
{
    [Fact]
    public async Task Two_thousand_transactions_in_batches_of_a_hundred_are_all_booked_once()
    {
        const int count = 2000;
        await using var host = new ConnectorHost(erp.BaseAddress);
        var outbox = new ErpOutbox(new ErpOutboxState(), new ErpOutboxOptions { MaxBatchSize = 100, MaxPending = count }, TimeProvider.System);
        var runId = Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < count; i++)
        {
            Assert.Equal(ErpEnqueueResult.Accepted, outbox.Enqueue(TestTransactions.Confirmation($"{runId}-{i}")));
        }

        var before = await erp.StatsAsync();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (outbox.NextBatch() is { } batch)
        {
            outbox.RecordOutcomes(batch, await host.Connector.PostBatchAsync(batch.Transactions, deadline.Token));
        }

        clock.Stop();
        var after = await erp.StatsAsync();
        Assert.Equal((0, (long)count), (outbox.Figures().PendingCount, outbox.Figures().Posted));
        Assert.Equal(count, after.Booked - before.Booked);
        Assert.Equal(0, after.AlreadyBooked - before.AlreadyBooked);
        Assert.Equal(count / 100, after.Requests - before.Requests);
        output.WriteLine($"{count} transactions in {after.Requests - before.Requests} requests took {clock.Elapsed.TotalMilliseconds:F0} ms ({count / clock.Elapsed.TotalSeconds:F0} transactions/s, Debug-or-Release as built)");
    }
}
