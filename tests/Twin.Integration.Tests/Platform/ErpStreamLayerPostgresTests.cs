using System.Net.Http.Json;
using ErpSimulator;
using ErpSimulator.Audit;
using ErpSimulator.Booking;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Streams;
using Twin.Contracts;
using Twin.Erp.Outbox;
using Twin.Hosting.Providers;
using Twin.Testing;
using Xunit.Abstractions;

namespace Twin.Integration.Tests.Platform;

/// <summary>
/// The stream layer cannot skip or dead-letter an ERP item on the PostgreSQL profile (ADO.NET streams, durable queue
/// table <c>orleans_stream_message</c>): a silo whose ERP outbox store fails every call of one plant for
/// <see cref="Outage"/> — longer than Orleans' default delivery budget of the pulling agent (1 minute) — while 40 stream
/// items queue behind the one the ERP-sync grain holds and throws on. The ERP queue's visibility timeout is cut to
/// <see cref="Visibility"/> so the held item and the backlog are dequeued again and again: more often than Orleans'
/// default MaxAttempts (5), which would have moved them to <c>orleans_stream_dead_letter</c>. Everything else is the
/// product's ERP stream configuration. When the store answers again every event is booked once at the ERP simulator
/// (by key, source event and summed quantity), no ERP message is dead-lettered and the queue drains; the twins' stream
/// provider delivered all the while.
/// </summary>
public sealed class ErpStreamLayerPostgresTests(PostgresDatabaseFixture database, ITestOutputHelper output) : IClassFixture<PostgresDatabaseFixture>
{
    /// <summary>Longer than Orleans' default StreamPullingAgentOptions.MaxEventDeliveryTime (1 minute).</summary>
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(65);

    /// <summary>ADO.NET VisibilityTimeout of the ERP queue in this test (product: Orleans' 1 minute).</summary>
    private static readonly TimeSpan Visibility = TimeSpan.FromSeconds(5);

    /// <summary>Orleans' default AdoNetStreamOptions.MaxAttempts: the dequeues after which it dead-letters a message.</summary>
    private const int OrleansDefaultMaxAttempts = 5;

    private const string WorkOrder = "WO-STREAM";

    private static readonly DateTimeOffset Start = DateTimeOffset.UtcNow;

    [Fact]
    public async Task An_outbox_store_down_longer_than_the_queue_and_agent_defaults_allow_loses_and_dead_letters_nothing()
    {
        await using var erp = ErpSimulatorApp.Build(
            ["--urls", "http://127.0.0.1:0", "--ErpSimulator:Items:0=FG-100", $"--ErpSimulator:WorkOrders:0={WorkOrder}", "--ErpSimulator:LogEachDocument=false"],
            builder => builder.Logging.ClearProviders());
        await erp.StartAsync();
        using var admin = new HttpClient { BaseAddress = new Uri(erp.Urls.Single()), Timeout = TimeSpan.FromSeconds(10) };
        var plant = $"P-{Guid.NewGuid():N}"[..16];
        var (silo, faults) = await StartSilo(erp.Urls.Single(), $"erp-stream-{Guid.NewGuid():N}");
        try
        {
            var client = silo.Services.GetRequiredService<IClusterClient>();
            var stream = client.GetStreamProvider(TwinProviders.ErpStreams).GetStream<TwinEvent>(StreamId.Create(StreamNamespaces.ErpOutbox, plant));
            var sync = silo.Services.GetRequiredService<IGrainFactory>().GetGrain<IErpSyncGrain>(plant);

            // The grain is active and has booked its first event before the store goes away.
            await stream.OnNextAsync(Report(plant, 0));
            await Until(sync, f => f.Posted == 1, "the first event booked", TimeSpan.FromSeconds(60));
            var store = faults();

            // A twins' stream beside it, to show the ERP backlog does not stall the twins' provider.
            var twinStream = client.GetStreamProvider(TwinProviders.Streams).GetStream<string>(StreamId.Create(StreamNamespaces.TwinChanges, $"{plant}-machines"));
            var twinDelivered = 0;
            var twinSubscription = await twinStream.SubscribeAsync((_, _) =>
            {
                Interlocked.Increment(ref twinDelivered);
                return Task.CompletedTask;
            });

            store.Down(plant);
            const int Items = 40;
            const int PerItem = 5;
            for (var i = 0; i < Items; i++)
            {
                await stream.OnNextBatchAsync(Enumerable.Range(1 + i * PerItem, PerItem).Select(n => Report(plant, n)).ToList());
            }

            var outageEnds = DateTimeOffset.UtcNow + Outage;
            var twinSent = 0;
            var maxDequeued = 0;
            var queuedInOutage = 0L;
            while (DateTimeOffset.UtcNow < outageEnds)
            {
                await twinStream.OnNextAsync($"machine M-{twinSent} running");
                twinSent++;
                var (rows, dequeued) = await ErpQueue();
                queuedInOutage = Math.Max(queuedInOutage, rows);
                maxDequeued = Math.Max(maxDequeued, dequeued);
                await Task.Delay(TimeSpan.FromSeconds(1));
            }

            var twinDeliveredInOutage = Volatile.Read(ref twinDelivered);
            var refused = store.Refused(plant);
            var bookedInOutage = (await admin.GetFromJsonAsync<StatsSnapshot>("/audit/stats"))!.Booked; // the grain's figures read the store
            store.Up(plant);
            var upAt = DateTimeOffset.UtcNow;

            const int Events = 1 + Items * PerItem;
            var booked = await UntilBooked(admin, Events, TimeSpan.FromSeconds(90));
            var up = await Until(sync, f => f.Posted == Events && f.PendingCount == 0, $"all {Events} events booked", TimeSpan.FromSeconds(30));
            var drainedIn = booked.Max(d => d.BookedAt) - upAt;
            var queueEmpty = await UntilErpQueueEmpty(TimeSpan.FromSeconds(60));
            var deadLetters = await Count("SELECT count(*) FROM orleans_stream_dead_letter");
            var stats = (await admin.GetFromJsonAsync<StatsSnapshot>("/audit/stats"))!;
            output.WriteLine($"store down {Outage.TotalSeconds:F0} s: {refused} store calls refused, ERP queue rows up to {queuedInOutage}, "
                + $"dequeued up to {maxDequeued} times (visibility {Visibility.TotalSeconds:F0} s); twins' stream {twinDeliveredInOutage} of {twinSent} delivered meanwhile; "
                + $"booked by its end {bookedInOutage}; all {booked.Count} booked {drainedIn.TotalSeconds:F1} s after the store was back, queue empty {queueEmpty.TotalSeconds:F1} s after; "
                + $"dead letters {deadLetters}; ERP stats {stats}; figures {up}");

            // The fault really outlasted what the defaults allow.
            Assert.True(refused >= 10, $"the store should have refused the held item many times: {refused}");
            Assert.Equal(1L, bookedInOutage);
            Assert.True(queuedInOutage >= Items, $"the backlog should have been queue rows during the outage: {queuedInOutage}");
            Assert.True(maxDequeued > OrleansDefaultMaxAttempts, $"the ERP queue's messages should have been dequeued more than {OrleansDefaultMaxAttempts} times: {maxDequeued}");

            // Every event booked once, none missing, none twice; nothing dead-lettered anywhere.
            var events = Enumerable.Range(0, Events).Select(n => Report(plant, n)).ToList();
            Assert.Equal(events.Select(e => e.EventId).Order(StringComparer.Ordinal), booked.SelectMany(d => d.SourceEventIds).Order(StringComparer.Ordinal));
            Assert.Equal(Events, booked.Select(d => d.IdempotencyKey).Distinct(StringComparer.Ordinal).Count());
            Assert.Equal(events.Sum(e => ((ProductionReported)e.Payload).Good), booked.Sum(d => d.Quantity));
            Assert.Equal((0L, 0L), (stats.Rejected, stats.ConflictingRepeats));
            Assert.Equal((0, 0L), (up.DeadLetterCount, up.DeadLettered));
            Assert.Equal(0L, deadLetters);

            // The twins' provider kept flowing while the ERP queue was stuck.
            Assert.True(twinDeliveredInOutage >= twinSent - 2, $"the twins' stream delivered {twinDeliveredInOutage} of {twinSent} during the ERP outage");
            await twinSubscription.UnsubscribeAsync();
        }
        finally
        {
            await InProcessSilo.StopAsync(silo);
        }
    }

    /// <summary>
    /// The held item alone (nothing queued behind it, so the stream's cache cursor has nothing newer to stand on): its
    /// queue row must stay until the store has taken it, or a silo stop during the outage would lose it. The silo is
    /// stopped while the store is still down; the next silo, with the store back, books all five events once.
    /// </summary>
    [Fact]
    public async Task An_item_held_while_the_store_is_down_stays_queued_and_is_booked_by_the_next_silo_after_a_stop()
    {
        await using var erp = ErpSimulatorApp.Build(
            ["--urls", "http://127.0.0.1:0", "--ErpSimulator:Items:0=FG-100", $"--ErpSimulator:WorkOrders:0={WorkOrder}", "--ErpSimulator:LogEachDocument=false"],
            builder => builder.Logging.ClearProviders());
        await erp.StartAsync();
        using var admin = new HttpClient { BaseAddress = new Uri(erp.Urls.Single()), Timeout = TimeSpan.FromSeconds(10) };
        var plant = $"P-{Guid.NewGuid():N}"[..16];
        var clusterId = $"erp-held-{Guid.NewGuid():N}";
        var (silo, faults) = await StartSilo(erp.Urls.Single(), clusterId);
        var minRows = long.MaxValue;
        try
        {
            var stream = silo.Services.GetRequiredService<IClusterClient>().GetStreamProvider(TwinProviders.ErpStreams)
                .GetStream<TwinEvent>(StreamId.Create(StreamNamespaces.ErpOutbox, plant));
            var sync = silo.Services.GetRequiredService<IGrainFactory>().GetGrain<IErpSyncGrain>(plant);
            await stream.OnNextAsync(Report(plant, 0));
            await Until(sync, f => f.Posted == 1, "the first event booked", TimeSpan.FromSeconds(60));
            faults().Down(plant);
            await stream.OnNextBatchAsync(Enumerable.Range(1, 5).Select(n => Report(plant, n)).ToList());

            var until = DateTimeOffset.UtcNow + Visibility * 4;
            while (DateTimeOffset.UtcNow < until)
            {
                minRows = Math.Min(minRows, (await ErpQueue()).Rows);
                await Task.Delay(250);
            }

            Assert.True(faults().Refused(plant) >= 3, $"the store should have refused the held item: {faults().Refused(plant)}");
        }
        finally
        {
            await InProcessSilo.StopAsync(silo);
        }

        var rowsAfterStop = (await ErpQueue()).Rows;
        output.WriteLine($"held item alone: ERP queue rows at least {minRows} while the store was down, {rowsAfterStop} after the silo stopped");
        (silo, _) = await StartSilo(erp.Urls.Single(), clusterId);
        try
        {
            var sync = silo.Services.GetRequiredService<IGrainFactory>().GetGrain<IErpSyncGrain>(plant);
            var booked = await UntilBooked(admin, 6, TimeSpan.FromSeconds(60));
            Assert.Equal(Enumerable.Range(0, 6).Select(n => Report(plant, n).EventId).Order(StringComparer.Ordinal),
                booked.SelectMany(d => d.SourceEventIds).Order(StringComparer.Ordinal));
            Assert.Equal(Enumerable.Range(0, 6).Sum(n => 1 + n % 3), booked.Sum(d => d.Quantity));
            Assert.Equal(0L, await Count("SELECT count(*) FROM orleans_stream_dead_letter"));
            Assert.True(minRows >= 1, $"the held item's queue row was confirmed while the store was down ({minRows} rows at the least)");
        }
        finally
        {
            await InProcessSilo.StopAsync(silo);
        }
    }

    /// <summary>
    /// A silo on the test database with the product's ERP stream except the visibility timeout, its outbox store
    /// (PostgreSQL's) behind the fault switch, which the second element returns once the silo has built it.
    /// </summary>
    private async Task<(WebApplication Silo, Func<FaultyErpOutboxStore> Store)> StartSilo(string erpUrl, string clusterId)
    {
        FaultyErpOutboxStore? store = null;
        var silo = await InProcessSilo.StartAsync(database.ConnectionString, clusterId, new Dictionary<string, string?>
        {
            ["Erp:Connector:BaseUrl"] = erpUrl,
            ["Erp:Connector:MaxRetryAttempts"] = "0",
            ["Erp:Posting:Window"] = "00:00:00",
            ["Erp:Outbox:MaxBatchAge"] = "00:00:00.050",
            ["Erp:Outbox:InitialRetryDelay"] = "00:00:00.100",
            ["Erp:Outbox:MaxRetryDelay"] = "00:00:01",
            // The handler holds an item 1 s (product: 20 s) before it throws, so the agent sees it fail ~60 times.
            ["Erp:Sync:StoreRetryBudget"] = "00:00:01",
        }, services =>
        {
            services.AddSingleton<IErpOutboxStore>(_ => store = new FaultyErpOutboxStore(new PostgresErpOutboxStore(database.ConnectionString)));
            services.Configure<AdoNetStreamOptions>(TwinProviders.ErpStreams, o => o.VisibilityTimeout = Visibility);
        });
        return (silo, () => store ?? silo.Services.GetRequiredService<IErpOutboxStore>() as FaultyErpOutboxStore ?? throw new InvalidOperationException("the silo's outbox store is not the fault switch"));
    }

    private static TwinEvent Report(string plant, int n) =>
        new($"evt-{plant}-{n}", $"corr-{n}", null, TwinEvent.CurrentSchemaVersion, Start.AddMilliseconds(n), plant, TwinKind.WorkOrder, WorkOrder, n + 1,
            new ProductionReported(WorkOrder, 10, "FG-100", 1 + n % 3, "pcs", "press-3"));

    /// <summary>Rows of the ERP provider's queue and the most any of them was dequeued.</summary>
    private async Task<(long Rows, int MaxDequeued)> ErpQueue()
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*), coalesce(max(dequeued), 0) FROM orleans_stream_message WHERE provider_id = $1", connection);
        command.Parameters.AddWithValue(TwinProviders.ErpStreams);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt32(1));
    }

    /// <summary>The ERP queue confirms an item when its cache bucket is purged, after delivery: poll until it is empty.</summary>
    private async Task<TimeSpan> UntilErpQueueEmpty(TimeSpan timeout)
    {
        var started = DateTimeOffset.UtcNow;
        while (true)
        {
            var (rows, _) = await ErpQueue();
            if (rows == 0)
            {
                return DateTimeOffset.UtcNow - started;
            }

            Assert.True(DateTimeOffset.UtcNow - started < timeout, $"{rows} ERP stream message(s) still queued {timeout} after every event was booked");
            await Task.Delay(200);
        }
    }

    private async Task<long> Count(string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static Task<IReadOnlyList<BookedDocument>> UntilBooked(HttpClient admin, int count, TimeSpan timeout) =>
        ErpSimulatorWaits.UntilBooked(admin, WorkOrder, count, timeout, TimeSpan.FromMilliseconds(200));

    private static Task<ErpSyncFigures> Until(IErpSyncGrain sync, Func<ErpSyncFigures, bool> done, string what, TimeSpan timeout) =>
        ErpSimulatorWaits.UntilFigures(sync, done, what, timeout, TimeSpan.FromMilliseconds(100));
}
