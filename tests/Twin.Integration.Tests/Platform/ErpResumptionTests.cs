using System.Net.Http.Json;
using ErpSimulator;
using ErpSimulator.Audit;
using ErpSimulator.Booking;
using ErpSimulator.Faults;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Twin.Contracts;
using Twin.Testing;
using Xunit.Abstractions;

namespace Twin.Integration.Tests.Platform;

/// <summary>
/// Posting resumes within seconds of the ERP answering again, however long the outage grew the plant's hold-off: a silo
/// (embedded store, then PostgreSQL store) posting over real HTTP to the ERP simulator, which is down for
/// <see cref="Outage"/> while 200 documents (and 20 redeliveries) queue. The hold-off doubles from 100 ms per failed post
/// and is at its 30 s maximum from the 10th (checked: the ERP refused at least 10); without probes the first post after
/// the ERP is back would wait up to that.
/// With one-document probes every second the first document is booked within <see cref="ResumeWithin"/> of the outage's
/// end, the ERP is asked at most about once a second meanwhile, and booked = queued exactly — the first post after the
/// outage is booked but its answer lost, so the probe's own key must make its second post "already booked".
/// </summary>
public abstract class ErpResumptionTests(string? connectionString, ITestOutputHelper output)
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(15);

    private static readonly TimeSpan ResumeWithin = TimeSpan.FromSeconds(3);

    private const int Events = 200;

    private const string WorkOrder = "WO-RESUME";

    [Fact]
    public async Task After_an_outage_that_grew_the_hold_off_to_its_maximum_the_first_document_is_booked_within_seconds_and_each_once()
    {
        await using var erp = ErpSimulatorApp.Build(
            ["--urls", "http://127.0.0.1:0", "--ErpSimulator:Items:0=FG-100", $"--ErpSimulator:WorkOrders:0={WorkOrder}", "--ErpSimulator:LogEachDocument=false"],
            builder => builder.Logging.ClearProviders());
        await erp.StartAsync();
        using var admin = new HttpClient { BaseAddress = new Uri(erp.Urls.Single()), Timeout = TimeSpan.FromSeconds(10) };
        var plant = $"P-{Guid.NewGuid():N}"[..16];
        var silo = await InProcessSilo.StartAsync(connectionString, $"resume-{Guid.NewGuid():N}", new Dictionary<string, string?>
        {
            ["Erp:Connector:BaseUrl"] = erp.Urls.Single(),
            // The outbox does the retrying (no in-call retries), and the connector's circuit, which opens during the
            // outage, lets a trial through a second after opening (15 s by default: it then bounds the resumption).
            ["Erp:Connector:MaxRetryAttempts"] = "0",
            ["Erp:Connector:CircuitBreakerBreakDuration"] = "00:00:01",
            ["Erp:Posting:Window"] = "00:00:00",
            ["Erp:Outbox:MaxBatchAge"] = "00:00:00.100",
            ["Erp:Outbox:MaxBatchSize"] = "50",
            ["Erp:Outbox:InitialRetryDelay"] = "00:00:00.100",
            ["Erp:Outbox:MaxRetryDelay"] = "00:00:30",
            ["Erp:Outbox:ProbeInterval"] = "00:00:01",
        });
        try
        {
            // Down for the outage; the first post after it is booked but its answer is lost.
            await Post(admin, "/admin/faults", new { outageSeconds = Outage.TotalSeconds, loseNextAnswers = 1 });
            var outageEnds = (await admin.GetFromJsonAsync<FaultSettings>("/admin/faults"))!.Outages.Single().Until;

            var events = Enumerable.Range(0, Events).Select(i => new TwinEvent($"evt-{plant}-{i}", $"corr-{i}", null, TwinEvent.CurrentSchemaVersion,
                DateTimeOffset.UtcNow, plant, TwinKind.WorkOrder, WorkOrder, i + 1, new ProductionReported(WorkOrder, 10, "FG-100", 1 + (i % 3), "pcs", "press-3"))).ToList();
            var stream = silo.Services.GetRequiredService<IClusterClient>().GetStreamProvider(TwinProviders.ErpStreams)
                .GetStream<TwinEvent>(StreamId.Create(StreamNamespaces.ErpOutbox, plant));
            foreach (var chunk in events.Chunk(50))
            {
                await stream.OnNextBatchAsync(chunk);
            }

            await stream.OnNextBatchAsync(events.Take(20).ToList()); // redeliveries (at-least-once)
            var sync = silo.Services.GetRequiredService<IGrainFactory>().GetGrain<IErpSyncGrain>(plant);
            var queued = await Until(sync, f => f.PendingCount == Events && f.Duplicates == 20, "every document queued once", Outage);
            Assert.True(DateTimeOffset.UtcNow < outageEnds - TimeSpan.FromSeconds(12), $"the documents should have queued early in the outage (queued {outageEnds - DateTimeOffset.UtcNow} before its end)");

            await Task.Delay((outageEnds - DateTimeOffset.UtcNow) - TimeSpan.FromMilliseconds(200) is { Ticks: > 0 } left ? left : TimeSpan.Zero);
            var down = await sync.GetFigures();
            var during = await Stats(admin);
            Assert.Equal(0, down.Posted);
            Assert.True(down.Retried > 0, $"the ERP should have been tried during the outage: {down}");
            // Bounded probing: a few backoff batches in the first 1.5 s, then at most about one post per second (the
            // circuit, once open, fails some of them before they reach the ERP).
            Assert.True(during.OutageRefusals <= 5 + (int)(Outage.TotalSeconds * 1.3), $"the ERP was asked {during.OutageRefusals} times in a {Outage.TotalSeconds} s outage");
            // 10 failed posts in a row: 100 ms x 2^9 = 51 s, so the hold-off is at its 30 s maximum (±20 % jitter).
            Assert.True(during.OutageRefusals >= 10, $"the outage should have grown the hold-off to its maximum (10 failed posts); the ERP refused {during.OutageRefusals}");

            var all = await UntilBooked(admin, Events, TimeSpan.FromSeconds(60));
            var firstBooked = all.Min(d => d.BookedAt);
            var resumedAfter = firstBooked - outageEnds;
            var drainedAfter = all.Max(d => d.BookedAt) - outageEnds;
            var stats = await Stats(admin);
            var up = await Until(sync, f => f.Posted == Events && f.PendingCount == 0, "the whole backlog booked", TimeSpan.FromSeconds(30));
            var seen = $"{(connectionString is null ? "embedded" : "PostgreSQL")} store: first document booked {resumedAfter.TotalSeconds:F2} s after the ERP answered again, "
                + $"last {drainedAfter.TotalSeconds:F2} s after; the ERP refused {during.OutageRefusals} post(s) in the {Outage.TotalSeconds:F0} s outage; "
                + $"queued {queued.PendingCount} in the outage from {outageEnds - Outage:HH:mm:ss.fff}; ERP stats {stats}; figures {up}";
            output.WriteLine(seen);

            Assert.True(resumedAfter >= TimeSpan.Zero && resumedAfter <= ResumeWithin, seen);
            // Booked = queued, exactly: every event one document with its own key and quantity, none twice, none missing.
            Assert.Equal(events.Select(e => e.EventId).Order(StringComparer.Ordinal), all.SelectMany(d => d.SourceEventIds).Order(StringComparer.Ordinal));
            Assert.Equal(Events, all.Select(d => d.IdempotencyKey).Distinct(StringComparer.Ordinal).Count());
            Assert.Equal(events.Sum(e => ((ProductionReported)e.Payload).Good), all.Sum(d => d.Quantity));
            Assert.Equal((1L, 0L, 0L), (stats.LostAnswers, stats.Rejected, stats.ConflictingRepeats));
            Assert.True(stats.AlreadyBooked >= 1, $"the document whose answer was lost should have been posted again under its own key: {stats}");
            Assert.Equal((0, 0L), (up.DeadLetterCount, up.DeadLettered));
        }
        finally
        {
            await InProcessSilo.StopAsync(silo);
        }
    }

    private static async Task<StatsSnapshot> Stats(HttpClient admin) => (await admin.GetFromJsonAsync<StatsSnapshot>("/audit/stats"))!;

    private static Task<IReadOnlyList<BookedDocument>> UntilBooked(HttpClient admin, int count, TimeSpan timeout) =>
        ErpSimulatorWaits.UntilBooked(admin, WorkOrder, count, timeout, TimeSpan.FromMilliseconds(100));

    private static Task<ErpSyncFigures> Until(IErpSyncGrain sync, Func<ErpSyncFigures, bool> done, string what, TimeSpan timeout) =>
        ErpSimulatorWaits.UntilFigures(sync, done, what, timeout, TimeSpan.FromMilliseconds(50));

    private static async Task Post(HttpClient admin, string path, object body)
    {
        using var response = await admin.PostAsJsonAsync(path, body);
        Assert.True(response.IsSuccessStatusCode, $"the ERP simulator refused {path}: {await response.Content.ReadAsStringAsync()}");
    }

}

/// <summary>On the embedded profile's in-memory outbox store.</summary>
public sealed class EmbeddedErpResumptionTests(ITestOutputHelper output) : ErpResumptionTests(null, output);

/// <summary>On the PostgreSQL outbox store (twin_erp_outbox).</summary>
public sealed class PostgresErpResumptionTests(PostgresDatabaseFixture database, ITestOutputHelper output)
    : ErpResumptionTests(database.ConnectionString, output), IClassFixture<PostgresDatabaseFixture>;
