using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Runtime;
using Twin.Contracts;
using Twin.Testing;
using Xunit.Abstractions;

namespace Twin.Integration.Tests.Platform;

/// <summary>
/// The ERP outbox of a silo on PostgreSQL: production reports from the ERP stream land as one staged row each in
/// twin_erp_staged before they are acknowledged, survive a silo restart inside their posting window, a redelivery after
/// the restart is recognised by the key's row, and the next activation seals them into one document when the window
/// closes. No ERP is configured, so the document stays queued (nothing refused, nothing lost).
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

        // First silo: a long window, so the restart falls inside it (a crash between staging and sealing).
        var silo = await InProcessSilo.StartAsync(database.ConnectionString, clusterId, Window("00:10:00"));
        try
        {
            var stream = silo.Services.GetRequiredService<IClusterClient>().GetStreamProvider(TwinProviders.ErpStreams)
                .GetStream<TwinEvent>(StreamId.Create(StreamNamespaces.ErpOutbox, plant));
            await stream.OnNextBatchAsync(events);
            var sync = silo.Services.GetRequiredService<IGrainFactory>().GetGrain<IErpSyncGrain>(plant);
            var figures = await Until(sync, f => f.StagedSources == Events, "every event staged");
            Assert.False(figures.ConnectorConfigured);
            Assert.Equal((Events, 0L), (await OpenStagedRows(plant), await PendingRows(plant)));

            // Offers one at a time through the grain (one staged row and one counters update each), behind those above.
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

        // Second silo: a short window; the new activation re-reads the staged rows and seals them when it closes.
        silo = await InProcessSilo.StartAsync(database.ConnectionString, clusterId, Window("00:00:02"));
        try
        {
            var sync = silo.Services.GetRequiredService<IGrainFactory>().GetGrain<IErpSyncGrain>(plant);
            Assert.Equal(ErpOfferAnswer.Duplicate, await sync.Offer(events[0]));
            var stream = silo.Services.GetRequiredService<IClusterClient>().GetStreamProvider(TwinProviders.ErpStreams)
                .GetStream<TwinEvent>(StreamId.Create(StreamNamespaces.ErpOutbox, plant));
            await stream.OnNextBatchAsync(events.Take(10).ToList());
            await Until(sync, f => f.Duplicates >= 11, "the redeliveries recognised");
            var figures = await Until(sync, f => f.PendingCount == 1 && f.StagedSources == 0, "one document sealed from every staged report");
            Assert.Equal((1L, 0L), (await PendingRows(plant), await OpenStagedRows(plant)));
            Assert.Equal(events.Count, await SourcesOfPendingDocument(plant));
            Assert.Equal(ErpOfferAnswer.Duplicate, await sync.Offer(events[^1])); // sealed, still recognised
        }
        finally
        {
            await silo.StopAsync();
            await silo.DisposeAsync();
        }
    }

    private static Dictionary<string, string?> Window(string window) => new() { ["Erp:Posting:Window"] = window };

    private Task<long> PendingRows(string plant) => Count("SELECT count(*) FROM twin_erp_outbox WHERE plant = $1 AND status = 0", plant);

    private Task<long> OpenStagedRows(string plant) => Count("SELECT count(*) FROM twin_erp_staged WHERE plant = $1 AND document_key IS NULL", plant);

    private Task<long> SourcesOfPendingDocument(string plant) =>
        Count("SELECT coalesce(sum(sources), 0)::bigint FROM twin_erp_outbox WHERE plant = $1 AND status = 0", plant);

    private async Task<long> Count(string sql, string plant)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
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
