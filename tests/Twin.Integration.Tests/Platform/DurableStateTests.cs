using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Twin.Contracts.Diagnostics;
using Twin.Grains.Persistence;
using Twin.Testing;

namespace Twin.Integration.Tests.Platform;

/// <summary>Grain state on the PostgreSQL profile: survives a full restart, stored without CLR type names.</summary>
public sealed class DurableStateTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task Grain_state_survives_a_full_silo_restart()
    {
        var clusterId = $"restart-{Guid.NewGuid():N}";
        var probeName = "restart-probe";

        var first = await InProcessSilo.StartAsync(database.ConnectionString, clusterId);
        try
        {
            var probe = first.Services.GetRequiredService<IGrainFactory>().GetGrain<IClusterProbeGrain>(probeName);
            for (var i = 0; i < 3; i++)
            {
                await probe.Touch().WaitAsync(TimeSpan.FromSeconds(30));
            }
        }
        finally
        {
            await InProcessSilo.StopAsync(first);
        }

        var second = await InProcessSilo.StartAsync(database.ConnectionString, clusterId);
        try
        {
            var probe = second.Services.GetRequiredService<IGrainFactory>().GetGrain<IClusterProbeGrain>(probeName);
            var reading = await probe.Read().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.True(reading.Touches == 3, $"Probe '{probeName}' should read 3 touches after the restart, read {reading.Touches}.");
        }
        finally
        {
            await InProcessSilo.StopAsync(second);
        }
    }

    [Fact]
    public async Task Stored_state_carries_no_CLR_type_names_so_a_renamed_state_type_still_reads_it()
    {
        var silo = await InProcessSilo.StartAsync(database.ConnectionString, $"rename-{Guid.NewGuid():N}");
        try
        {
            var probe = silo.Services.GetRequiredService<IGrainFactory>().GetGrain<IClusterProbeGrain>("rename-probe");
            await probe.Touch().WaitAsync(TimeSpan.FromSeconds(30));
            await probe.Touch().WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            await InProcessSilo.StopAsync(silo);
        }

        var (grainType, payload) = await ReadStoredProbeRow("rename-probe");
        var json = System.Text.Encoding.UTF8.GetString(payload);
        // Rows are keyed by the state name, never by a .NET type name.
        Assert.Equal("cluster-probe", grainType);
        Assert.DoesNotContain("$type", json, StringComparison.Ordinal);
        Assert.DoesNotContain("ClusterProbeState", json, StringComparison.Ordinal);
        Assert.DoesNotContain("Twin.", json, StringComparison.Ordinal);

        // The state class renamed and moved (a different type here): the stored row still reads.
        var renamed = new TwinJsonGrainStorageSerializer().Deserialize<RenamedProbeState>(BinaryData.FromBytes(payload));
        Assert.Equal(2, renamed.Touches);
    }

    private async Task<(string GrainType, byte[] Payload)> ReadStoredProbeRow(string probeName)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT grain_type, payload FROM orleans_storage WHERE grain_id_extension = $1", connection);
        command.Parameters.AddWithValue(probeName);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"No stored row for probe '{probeName}' in orleans_storage.");
        return (reader.GetString(0), (byte[])reader[1]);
    }


    private sealed class RenamedProbeState
    {
        public long Touches { get; set; }
    }
}
