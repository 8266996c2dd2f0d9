using Orleans.Configuration;
using Orleans.Hosting;
using Twin.Contracts;
using Twin.Hosting.Persistence;

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
        foreach (var name in new[] { TwinProviders.Storage, TwinProviders.DurableStorage, EmbeddedProviders.PubSubStoreName })
        {
            silo.AddAdoNetGrainStorage(name, o =>
            {
                o.Invariant = Invariant;
                o.ConnectionString = connectionString;
                o.GrainStorageSerializer = new TwinJsonGrainStorageSerializer();
            });
        }

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
        return silo;
    }
}
