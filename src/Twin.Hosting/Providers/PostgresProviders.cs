using Orleans.Configuration;
using Orleans.Hosting;
using Twin.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Twin.Grains.Persistence;
using Twin.Grains.Publishing;
using Twin.Grains.Plants;
using Twin.Erp.Outbox;
using Twin.Hosting.Storage;

namespace Twin.Hosting.Providers;

/// <summary>
/// Membership, grain storage, reminders and streams on PostgreSQL through the Orleans ADO.NET
/// providers. They run the named queries from our schema (Schema/*.sql).
/// </summary>
public static class PostgresProviders
{
    /// <summary>ADO.NET invariant name the providers map to Npgsql's factory.</summary>
    public const string Invariant = "Npgsql";

    /// <summary>Dequeues of one ERP stream message before the ADO.NET queue dead-letters it (Orleans' default is 5).</summary>
    public const int ErpStreamMaxAttempts = 1_000_000;

    /// <summary>Age at which the ADO.NET queue dead-letters an ERP stream message regardless of attempts.</summary>
    public static readonly TimeSpan ErpStreamExpiry = TimeSpan.FromDays(20);

    public static ISiloBuilder AddTwinPostgresProviders(this ISiloBuilder silo, string connectionString)
    {
        silo.UseAdoNetClustering(o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = connectionString;
        });
        // The live twins' state goes through Twin's group-commit storage (one transaction for many grains' writes:
        // Storage/PostgresTwinStateStorage.cs); the rest through the ADO.NET provider. Both write plain JSON without
        // CLR type names (renaming a state type must not orphan rows).
        silo.AddTwinPostgresStateStorage(TwinProviders.Storage, connectionString);
        foreach (var name in new[] { TwinProviders.DurableStorage })
        {
            silo.AddAdoNetGrainStorage(name, o =>
            {
                o.Invariant = Invariant;
                o.ConnectionString = connectionString;
                o.GrainStorageSerializer = new TwinJsonGrainStorageSerializer();
            });
        }

        // The stream rendezvous state belongs to Orleans, whose types (PubSubPublisherState and friends)
        // have no constructors System.Text.Json can bind: with our serializer every stream went silent
        // after a silo restart. Orleans' own default serializer is made for them.
        silo.AddAdoNetGrainStorage(EmbeddedProviders.PubSubStoreName, o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = connectionString;
        });

        silo.UseAdoNetReminderService(o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = connectionString;
        });
        silo.AddAdoNetStreams(TwinProviders.Streams, o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = connectionString;
        });
        // The ERP outbox stream on its own provider: its own queue table rows (queue ids of another provider), so an
        // ERP backlog cannot stall the twins' queues; an item is never given up on: no dead-lettering by attempts or
        // expiry within any outage the platform is sized for, and agents that keep re-delivering (see EmbeddedProviders).
        silo.AddAdoNetStreams(TwinProviders.ErpStreams, (SiloAdoNetStreamConfigurator streams) =>
        {
            streams.ConfigureAdoNet(options => options.Configure(o =>
            {
                o.Invariant = Invariant;
                o.ConnectionString = connectionString;
                o.MaxAttempts = ErpStreamMaxAttempts;
                o.ExpiryTimeout = ErpStreamExpiry;
            }));
            // Short delivery retries: after the ERP-sync grain's silo dies, the next attempt reaches its new activation
            // within a second of the death declaration (ErpStreamDeliveryBackoff, docs/erp-outbox.md "Failover").
            streams.ConfigureBackoffProvider((_, _) => new ErpStreamDeliveryBackoff());
        });
        silo.Services.Configure<StreamPullingAgentOptions>(TwinProviders.ErpStreams,
            o => o.MaxEventDeliveryTime = EmbeddedProviders.ErpStreamMaxEventDeliveryTime);
        // Twins publish their events through one batching publisher per silo (Twin.Grains/Publishing).
        silo.Services.AddTwinEventPublisher();
        // ERP outbox: one row per transaction in twin_erp_outbox (Schema/0002_erp_outbox.sql).
        silo.Services.AddSingleton<IErpOutboxStore>(_ => new PostgresErpOutboxStore(connectionString));
        // Plant directories: one row per listing in twin_plant_directory (Schema/0003_plant_directory.sql).
        silo.Services.AddSingleton<IPlantDirectoryStore>(_ => new PostgresPlantDirectoryStore(connectionString));
        // Webhook delivery queues: one row per message in twin_webhook_queue (Schema/0007_webhook_queue.sql).
        silo.Services.AddSingleton<Twin.Grains.Webhooks.Queue.IWebhookQueueStore>(_ => new PostgresWebhookQueueStore(connectionString));
        return silo;
    }
}
