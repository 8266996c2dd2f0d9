using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Twin.Contracts;
using Twin.Grains.Plants;
using Twin.Hosting.Providers;
using Twin.Testing;
using Xunit.Abstractions;

namespace Twin.Integration.Tests.Platform;

/// <summary>The store contract on the embedded profile's in-memory store.</summary>
public sealed class InMemoryPlantDirectoryStoreTests : PlantDirectoryStoreContract
{
    protected override IPlantDirectoryStore Store { get; } = new InMemoryPlantDirectoryStore();
}

/// <summary>The store contract on PostgreSQL (table twin_plant_directory from Schema/0003).</summary>
public sealed class PostgresPlantDirectoryStoreTests(PostgresDatabaseFixture database)
    : PlantDirectoryStoreContract, IClassFixture<PostgresDatabaseFixture>, IAsyncDisposable
{
    private readonly PostgresPlantDirectoryStore _store = new(database.ConnectionString);

    protected override IPlantDirectoryStore Store => _store;

    public ValueTask DisposeAsync() => _store.DisposeAsync();
}

/// <summary>Plant directories through a silo on PostgreSQL: twins created by grain calls are listed in pages from the table.</summary>
public sealed class PostgresPlantDirectoryTests(PostgresDatabaseFixture database, ITestOutputHelper output) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task Locations_created_by_grain_calls_are_listed_in_pages_from_one_row_each_and_survive_a_restart()
    {
        // TWIN_DIRECTORY_SCALE=100000 turns this into the measurement of the report (creates/s printed, not asserted).
        var count = int.TryParse(Environment.GetEnvironmentVariable("TWIN_DIRECTORY_SCALE"), out var scale) && scale > 0 ? scale : 3_000;
        var plant = $"P-{Guid.NewGuid():N}";
        var clusterId = $"directory-{Guid.NewGuid():N}";
        var silo = await InProcessSilo.StartAsync(database.ConnectionString, clusterId);
        try
        {
            var grains = silo.Services.GetRequiredService<IGrainFactory>();
            var token = Guid.NewGuid().ToString("N")[..8];
            var ids = Enumerable.Range(0, count).Select(i => $"L{token}-{i:D6}").ToArray();
            var watch = Stopwatch.StartNew();
            await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (id, _) =>
            {
                var created = await grains.GetGrain<IWarehouseLocationGrain>(id).Create(new CreateLocation(
                    new CommandContext($"create-{id}", $"corr-{id}", "test"), plant, $"Rack {id}"));
                Assert.True(created.Succeeded, created.Error?.Message);
            });
            watch.Stop();
            output.WriteLine($"PostgreSQL: {count:N0} locations created in one plant in {watch.Elapsed.TotalSeconds:F1} s = {count / watch.Elapsed.TotalSeconds:N0} creates/s");

            // The directory alone: listing updates straight to the grain of another plant (group commit).
            // TWIN_DIRECTORY_UPDATES=100000 measures it at plant scale.
            var updates = int.TryParse(Environment.GetEnvironmentVariable("TWIN_DIRECTORY_UPDATES"), out var u) && u > 0 ? u : count;
            var only = grains.GetGrain<IPlantDirectoryGrain>($"{plant}-direct");
            var direct = Enumerable.Range(0, updates).Select(i => $"D{token}-{i:D6}").ToArray();
            watch.Restart();
            await Parallel.ForEachAsync(direct, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (id, _) =>
                await only.UpdateLocation(new LocationListing(id, $"Rack {id}", 0, 1)));
            output.WriteLine($"PostgreSQL: {updates:N0} listing updates straight to the directory grain in {watch.Elapsed.TotalSeconds:F1} s = {updates / watch.Elapsed.TotalSeconds:N0}/s");
            watch.Restart();
            Assert.Equal(direct, await AllLocations(only));
            output.WriteLine($"PostgreSQL: listed those {updates:N0} in pages of 1,000 in {watch.Elapsed.TotalMilliseconds:N0} ms");

            var directory = grains.GetGrain<IPlantDirectoryGrain>(plant);
            watch.Restart();
            var listed = await AllLocations(directory);
            output.WriteLine($"PostgreSQL: listed {listed.Count:N0} in pages of 1,000 in {watch.Elapsed.TotalMilliseconds:N0} ms");
            Assert.Equal(ids, listed);
            Assert.Equal(count, (await directory.GetCounts()).Locations);
            Assert.Equal(count, await Rows(plant));
        }
        finally
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await silo.StopAsync(stop.Token);
            await silo.DisposeAsync();
        }

        var again = await InProcessSilo.StartAsync(database.ConnectionString, clusterId);
        try
        {
            var directory = again.Services.GetRequiredService<IGrainFactory>().GetGrain<IPlantDirectoryGrain>(plant);
            Assert.Equal(count, (await AllLocations(directory)).Count);
        }
        finally
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await again.StopAsync(stop.Token);
            await again.DisposeAsync();
        }
    }

    private static async Task<List<string>> AllLocations(IPlantDirectoryGrain directory)
    {
        var all = new List<string>();
        string? after = null;
        do
        {
            var page = await directory.PageLocations(after, 1_000);
            all.AddRange(page.Items.Select(l => l.LocationId));
            after = page.Next;
        }
        while (after is not null);
        return all;
    }

    private async Task<long> Rows(string plant)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM twin_plant_directory WHERE plant = $1 AND NOT removed", connection);
        command.Parameters.AddWithValue(plant);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
