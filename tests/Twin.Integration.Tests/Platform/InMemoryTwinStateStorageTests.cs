using Orleans.Storage;
using Twin.Grains.Persistence;
using Twin.Hosting.Storage;

namespace Twin.Integration.Tests.Platform;

/// <summary>The embedded profile's storage of the live twins: the same contract as the PostgreSQL one, in memory.</summary>
public sealed class InMemoryTwinStateStorageTests
{
    private readonly InMemoryTwinStateStorage _storage = new("twins", new TwinJsonGrainStorageSerializer());

    [Fact]
    public async Task A_write_is_read_back_with_its_version_and_a_stale_version_is_refused()
    {
        var id = GrainId.Create("machine", "m-1");
        var state = new GrainState<TwinStateStorageTests.Probe>(new TwinStateStorageTests.Probe { Name = "press 3", Count = 7 });
        await _storage.WriteStateAsync("machine", id, state);
        var stale = new GrainState<TwinStateStorageTests.Probe>(new TwinStateStorageTests.Probe()) { ETag = state.ETag };
        state.State!.Count = 8;
        await _storage.WriteStateAsync("machine", id, state);

        var read = new GrainState<TwinStateStorageTests.Probe>();
        await _storage.ReadStateAsync("machine", id, read);
        Assert.True(read.RecordExists);
        Assert.Equal(("press 3", 8), (read.State!.Name, read.State.Count));
        Assert.Equal(state.ETag, read.ETag);

        // Another activation that read before the second write must not overwrite it, nor may a second "first" write.
        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync("machine", id, stale));
        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync("machine", id, new GrainState<TwinStateStorageTests.Probe>(new TwinStateStorageTests.Probe())));
        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.ClearStateAsync("machine", id, stale));

        await _storage.ClearStateAsync("machine", id, read);
        var gone = new GrainState<TwinStateStorageTests.Probe>();
        await _storage.ReadStateAsync("machine", id, gone);
        Assert.False(gone.RecordExists);
        Assert.Null(gone.ETag);
        // A state name is its own row: another state of the same grain is untouched by the machine's.
        await _storage.WriteStateAsync("other", id, new GrainState<TwinStateStorageTests.Probe>(new TwinStateStorageTests.Probe { Count = 1 }));
        await _storage.ReadStateAsync("machine", id, gone);
        Assert.False(gone.RecordExists);
    }

    [Fact]
    public async Task Concurrent_writers_of_one_version_leave_exactly_one_winner()
    {
        var id = GrainId.Create("machine", "m-2");
        var first = new GrainState<TwinStateStorageTests.Probe>(new TwinStateStorageTests.Probe { Count = 1 });
        await _storage.WriteStateAsync("machine", id, first);

        var writers = Enumerable.Range(0, 32).Select(i => new GrainState<TwinStateStorageTests.Probe>(new TwinStateStorageTests.Probe { Count = 100 + i }) { ETag = first.ETag }).ToArray();
        var outcomes = await Task.WhenAll(writers.Select(w => Task.Run(async () =>
        {
            try
            {
                await _storage.WriteStateAsync("machine", id, w);
                return true;
            }
            catch (InconsistentStateException)
            {
                return false;
            }
        })));

        Assert.Equal(1, outcomes.Count(won => won));
        var read = new GrainState<TwinStateStorageTests.Probe>();
        await _storage.ReadStateAsync("machine", id, read);
        Assert.Equal(writers[Array.IndexOf(outcomes, true)].State!.Count, read.State!.Count);
    }
}
