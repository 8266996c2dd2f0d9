using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Twin.Api.Tests.Infrastructure;
using Twin.Client;
using Twin.Contracts;

namespace Twin.Api.Tests;

/// <summary>Plant listings through the client SDK from another host: pages that follow Next, and the whole-list reads beside them.</summary>
[Collection(ApiCollection.Name)]
public sealed class ClientSdkListingTests(ApiSiloFixture silo) : IAsyncLifetime
{
    private IHost _host = null!;
    private ITwinClient _twins = null!;

    public async Task InitializeAsync() => (_host, _twins) = await SdkClientHost.StartAsync(silo, "sdk-listing-test");

    public Task DisposeAsync() => SdkClientHost.StopAsync(_host);

    [Fact]
    public async Task Machines_are_read_page_by_page_and_the_whole_list_matches()
    {
        var plant = "plant-" + Guid.NewGuid().ToString("N")[..8];
        var directory = silo.Services.GetRequiredService<IGrainFactory>().GetGrain<IPlantDirectoryGrain>(plant);
        var ids = Enumerable.Range(0, 1_234).Select(i => $"M-{i:D4}").ToArray();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (id, _) =>
            await directory.UpdateMachine(new MachineListing(id, id, MachineStatus.Idle, DateTimeOffset.UnixEpoch, null, 1)));

        var paged = new List<string>();
        string? after = null;
        do
        {
            var page = await _twins.Machines.ListPageAsync(plant, after, 300);
            Assert.True(page.Items.Count <= 300);
            paged.AddRange(page.Items.Select(m => m.MachineId));
            after = page.Next;
        }
        while (after is not null);

        Assert.Equal(ids, paged);
        Assert.Equal(ids, (await _twins.Machines.ListAsync(plant)).Select(m => m.MachineId));
        Assert.Empty((await _twins.Locations.ListPageAsync(plant)).Items);
        Assert.Null((await _twins.WorkOrders.ListOpenPageAsync(plant)).Next);
    }
}
