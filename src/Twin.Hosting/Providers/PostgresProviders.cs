using Orleans.Configuration;
using Orleans.Hosting;
using Twin.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Twin.Grains.Persistence;
using Twin.Grains.Plants;
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
        // Plant directories: one row per listing in twin_plant_directory (Schema/0003_plant_directory.sql).
        silo.Services.AddSingleton<IPlantDirectoryStore>(_ => new PostgresPlantDirectoryStore(connectionString));
        return silo;
    }
}
