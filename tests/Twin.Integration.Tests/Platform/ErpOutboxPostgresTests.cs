using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Runtime;
using Twin.Contracts;
using Twin.Testing;
using Xunit.Abstractions;

namespace Twin.Integration.Tests.Platform;

/// <summary>
/// The ERP outbox of a silo on PostgreSQL: business events from the ERP stream land as one row each in
/// twin_erp_outbox before they are acknowledged, survive a silo restart, and a redelivery after the restart is
/// recognised by the key's row. No ERP is configured, so everything stays queued (nothing refused, nothing lost).
/// </summary>
public sealed class ErpOutboxPostgresTests(PostgresDatabaseFixture database, ITestOutputHelper output) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task Queued_ERP_transactions_are_rows_that_survive_a_restart_and_recognise_redeliveries()
    {
        const int Events = 250;
        var plant = $"P-{Guid.NewGuid():N}"[..16];
        var clusterId = $"erp-{Guid.NewGuid():N}";
        var events = Enumerable.Range(0, Events).Select(i => new TwinEvent($"evt-{plant}-{i}", "corr", null, TwinEvent.CurrentSchemaVersion,
            DateTimeOffset.UtcNow, plant, TwinKind.WorkOrder, "WO-1", i + 1, new ProductionReported("WO-1", 10, "FG-100", 1, "pcs", "press-3"))).ToList();

        var silo = await InProcessSilo.StartAsync(database.ConnectionString, clusterId);
        try
        {
            var stream = silo.Services.GetRequiredService<IClusterClient>().GetStreamProvider(TwinProviders.ErpStreams)
                .GetStream<TwinEvent>(StreamId.Create(StreamNamespaces.ErpOutbox, plant));
            await stream.OnNextBatchAsync(events);
            var sync = silo.Services.GetRequiredService<IGrainFactory>().GetGrain<IErpSyncGrain>(plant);
            var figures = await Until(sync, f => f.PendingCount == Events, "every event queued");
            Assert.False(figures.ConnectorConfigured);
            Assert.Equal(Events, await PendingRows(plant));

            // Offers one at a time through the grain (one row and one counters update each), behind the backlog above.
            var more = Enumerable.Range(0, 500).Select(i => events[0] with { EventId = $"evt-{plant}-more-{i}" }).ToList();
            var watch = System.Diagnostics.Stopwatch.StartNew();
            foreach (var e in more)
            {
                Assert.Equal(ErpOfferAnswer.Queued, await sync.Offer(e));
            }

            output.WriteLine($"PostgreSQL: {more.Count} offers through the ERP-sync grain, {watch.Elapsed.TotalMilliseconds / more.Count:F2} ms each, {Events} pending before");
            events.AddRange(more);
        }
        finally
        {
            await silo.StopAsync();
            await silo.DisposeAsync();
        }

        silo = await InProcessSilo.StartAsync(database.ConnectionString, clusterId);
        try
        {
            var sync = silo.Services.GetRequiredService<IGrainFactory>().GetGrain<IErpSyncGrain>(plant);
            Assert.Equal(events.Count, (await sync.GetFigures()).PendingCount);
            Assert.Equal(ErpOfferAnswer.Duplicate, await sync.Offer(events[0]));
            var stream = silo.Services.GetRequiredService<IClusterClient>().GetStreamProvider(TwinProviders.ErpStreams)
                .GetStream<TwinEvent>(StreamId.Create(StreamNamespaces.ErpOutbox, plant));
            await stream.OnNextBatchAsync(events.Take(10).ToList());
            var figures = await Until(sync, f => f.Duplicates >= 11, "the redeliveries recognised");
            Assert.Equal(events.Count, figures.PendingCount);
            Assert.Equal(events.Count, await PendingRows(plant));
        }
        finally
        {
            await silo.StopAsync();
            await silo.DisposeAsync();
        }
    }

    private async Task<long> PendingRows(string plant)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM twin_erp_outbox WHERE plant = $1 AND status = 0", connection);
        command.Parameters.AddWithValue(plant);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<ErpSyncFigures> Until(IErpSyncGrain sync, Func<ErpSyncFigures, bool> done, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var figures = await sync.GetFigures();
            if (done(figures))
            {
                return figures;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"ERP sync did not reach '{what}' within 60 s; figures: {figures}");
            }

            await Task.Delay(100);
        }
    }
}
