using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;
using Twin.Grains.Persistence;

namespace Twin.Hosting.Storage;

/// <summary>Registers <see cref="PostgresTwinStateStorage"/> or <see cref="InMemoryTwinStateStorage"/> as a named grain storage of the silo.</summary>
public static class TwinStateStorageRegistration
{
    public static ISiloBuilder AddTwinPostgresStateStorage(this ISiloBuilder silo, string name, string connectionString)
    {
        silo.Services.AddGrainStorage(name, (services, storageName) => new PostgresTwinStateStorage(
            storageName,
            NpgsqlDataSource.Create(connectionString),
            services.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId,
            new TwinJsonGrainStorageSerializer(),
            services.GetRequiredService<ILogger<PostgresTwinStateStorage>>()));
        return silo;
    }

    public static ISiloBuilder AddTwinMemoryStateStorage(this ISiloBuilder silo, string name)
    {
        silo.Services.AddGrainStorage(name, (_, storageName) => new InMemoryTwinStateStorage(storageName, new TwinJsonGrainStorageSerializer()));
        return silo;
    }
}
