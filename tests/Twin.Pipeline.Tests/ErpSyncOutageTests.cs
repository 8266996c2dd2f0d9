using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;
using Twin.Contracts;
using Twin.Erp.Connector;
using Twin.Hosting.Providers;

namespace Twin.Pipeline.Tests;

/// <summary>
/// Nothing on the ERP path is handed back to the stream layer to be given up on: an ERP outage longer than the
/// stream's delivery limit, with more events than the old outbox limit, loses nothing and books nothing twice.
/// </summary>
[Collection(ErpSyncCollection.Name)]
public sealed class ErpSyncOutageTests(ErpSyncClusterFixture fixture)
{
    [Fact]
    public async Task An_ERP_outage_longer_than_the_stream_delivery_limit_loses_nothing_and_books_nothing_twice()
    {
        var plant = $"outage-{Guid.NewGuid():N}"[..20];
        ScriptedErpConnector.Instance.Answer(t => t.Plant == plant
            ? ErpPostOutcome.Transient(t.IdempotencyKey, "503 from the ERP", TimeSpan.FromMilliseconds(100))
            : ErpPostOutcome.Booked(t.IdempotencyKey, "DOC"));
        var stream = fixture.Cluster.Client.GetStreamProvider(TwinProviders.ErpStreams)
            .GetStream<TwinEvent>(StreamId.Create(StreamNamespaces.ErpOutbox, plant));

        // 300 events (three times the old Erp:Outbox:MaxPending of this fixture), each sent twice (at-least-once).
        const int Events = 300;
        for (var i = 0; i < Events; i++)
        {
            var e = ErpTransactionMappingTests.Event($"e-{i}", new ProductionReported("WO-1", 10, "FG-100", 2, "pcs", "press-3"), plant);
            await stream.OnNextAsync(e);
            await stream.OnNextAsync(e);
        }

        var sync = fixture.Cluster.GrainFactory.GetGrain<IErpSyncGrain>(plant);
        await ErpSyncWait.Until(sync, f => f.PendingCount == Events && f.Duplicates == Events, "every event queued once", TimeSpan.FromSeconds(20));
        // Keep the ERP down for several times the stream's delivery limit.
        await Task.Delay(ErpSyncClusterFixture.ErpStreamDeliveryLimit * 4);
        var down = await sync.GetFigures();
        Assert.Equal((Events, 0L, 0L), (down.PendingCount, down.Posted, down.Refused));
        Assert.True(down.Retried > 0, $"the ERP should have been tried during the outage: {down}");

        ScriptedErpConnector.Instance.Answer(t => ErpPostOutcome.Booked(t.IdempotencyKey, "DOC"));
        var up = await ErpSyncWait.Until(sync, f => f.Posted == Events && f.PendingCount == 0, "the whole backlog booked", TimeSpan.FromSeconds(30));

        Assert.Equal(0, up.DeadLetterCount);
        var booked = ScriptedErpConnector.Instance.Posted.Where(t => t.Plant == plant).GroupBy(t => t.IdempotencyKey).Count();
        Assert.Equal(Events, booked);
    }

    [Fact]
    public void The_ERP_stream_has_its_own_provider_whose_agents_never_give_up_within_an_outage()
    {
        Assert.NotEqual(TwinProviders.Streams, TwinProviders.ErpStreams);

        var embedded = Host.CreateApplicationBuilder();
        embedded.UseOrleans(silo => silo.UseLocalhostClustering().AddTwinMemoryProviders());
        using (var host = embedded.Build())
        {
            var agent = host.Services.GetRequiredService<IOptionsMonitor<StreamPullingAgentOptions>>().Get(TwinProviders.ErpStreams);
            Assert.True(agent.MaxEventDeliveryTime >= TimeSpan.FromDays(7), $"embedded ERP stream gives up after {agent.MaxEventDeliveryTime}");
        }

        var postgres = Host.CreateApplicationBuilder();
        postgres.UseOrleans(silo => silo.AddTwinPostgresProviders("Host=127.0.0.1;Database=unused"));
        using (var host = postgres.Build())
        {
            var agent = host.Services.GetRequiredService<IOptionsMonitor<StreamPullingAgentOptions>>().Get(TwinProviders.ErpStreams);
            var queue = host.Services.GetRequiredService<IOptionsMonitor<AdoNetStreamOptions>>().Get(TwinProviders.ErpStreams);
            Assert.True(agent.MaxEventDeliveryTime >= TimeSpan.FromDays(7), $"PostgreSQL ERP stream gives up after {agent.MaxEventDeliveryTime}");
            Assert.True(queue.MaxAttempts >= 100_000, $"ADO.NET ERP queue dead-letters after {queue.MaxAttempts} attempts");
            Assert.True(queue.ExpiryTimeout >= TimeSpan.FromDays(7), $"ADO.NET ERP queue expires messages after {queue.ExpiryTimeout}");
        }
    }
}
