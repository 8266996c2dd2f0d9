using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Orleans.Storage;
using Twin.Grains.Persistence;
using Twin.Hosting.Storage;
using Twin.Testing;
using Xunit.Abstractions;

namespace Twin.Integration.Tests.Platform;

/// <summary>The group-commit storage of the live twins on PostgreSQL (table twin_grain_state, schema 0004).</summary>
public sealed class TwinStateStorageTests(PostgresDatabaseFixture database, ITestOutputHelper output) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private PostgresTwinStateStorage _storage = null!;

    public Task InitializeAsync()
    {
        _storage = Create();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _storage.DisposeAsync();

    [Fact]
    public async Task A_write_is_read_back_with_its_version_and_a_stale_version_is_refused()
    {
        var id = GrainId.Create("machine", $"m-{Guid.NewGuid():N}");
        var state = new GrainState<Probe>(new Probe { Name = "press 3", Count = 7 });
        await _storage.WriteStateAsync("machine", id, state);
        var stale = new GrainState<Probe>(new Probe()) { ETag = state.ETag };
        state.State!.Count = 8;
        await _storage.WriteStateAsync("machine", id, state);

        var read = new GrainState<Probe>();
        await _storage.ReadStateAsync("machine", id, read);
        Assert.True(read.RecordExists);
        Assert.Equal(("press 3", 8), (read.State!.Name, read.State.Count));
        Assert.Equal(state.ETag, read.ETag);

        // Another activation that read before the second write must not overwrite it.
        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync("machine", id, stale));
        // Nor may a second "first" write.
        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync("machine", id, new GrainState<Probe>(new Probe())));

        await _storage.ClearStateAsync("machine", id, read);
        var gone = new GrainState<Probe>();
        await _storage.ReadStateAsync("machine", id, gone);
        Assert.False(gone.RecordExists);
        Assert.Null(gone.ETag);
    }

    [Fact]
    public async Task Thousands_of_grains_writing_at_once_share_transactions_and_every_write_lands()
    {
        const int grains = 5_000;
        var ids = Enumerable.Range(0, grains).Select(i => GrainId.Create("machine", $"bulk-{Guid.NewGuid():N}")).ToArray();
        var states = ids.Select((_, i) => new GrainState<Probe>(new Probe { Name = $"m{i}", Count = i })).ToArray();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(ids.Select((id, i) => _storage.WriteStateAsync("machine", id, states[i])));
        await Task.WhenAll(ids.Select((id, i) => _storage.WriteStateAsync("machine", id, states[i]))); // second round: updates with etags
        output.WriteLine($"{2 * grains:N0} writes in {clock.Elapsed.TotalSeconds:0.00} s ({2 * grains / clock.Elapsed.TotalSeconds:N0}/s)");

        await using var fresh = Create(); // another silo's view: everything is in the table
        var reads = ids.Select(_ => new GrainState<Probe>()).ToArray();
        await Task.WhenAll(ids.Select((id, i) => fresh.ReadStateAsync("machine", id, reads[i])));
        Assert.All(reads.Select((r, i) => (r, i)), p => Assert.Equal((p.i, "2"), (p.r.State!.Count, p.r.ETag)));

        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM twin_grain_state WHERE grain_id LIKE 'machine/bulk-%'", connection);
        Assert.Equal((long)grains, (long)(await count.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task An_unreachable_database_fails_the_write_and_the_caller_keeps_its_state()
    {
        await using var storage = new PostgresTwinStateStorage("twin", NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Timeout=2"), "svc",
            new TwinJsonGrainStorageSerializer(), NullLogger<PostgresTwinStateStorage>.Instance);
        var state = new GrainState<Probe>(new Probe { Count = 1 });
        await Assert.ThrowsAnyAsync<Exception>(() => storage.WriteStateAsync("machine", GrainId.Create("machine", "m-unreachable"), state));
        Assert.Null(state.ETag);
        Assert.Equal(1, state.State!.Count);
    }

    [Fact]
    public async Task Journal_rows_are_appended_and_cut_with_the_state_row_and_read_back_with_it()
    {
        var id = GrainId.Create("workorder", $"wo-{Guid.NewGuid():N}");
        var state = new GrainState<JournaledProbe>(new JournaledProbe { Name = "v1", Appended = [Row(0, 1), Row(0, 2), Row(1, 1)] });
        await _storage.WriteStateAsync("work-order", id, state);
        state.State = new JournaledProbe { Name = "v2", Appended = [Row(0, 3), Row(1, 2)], Cuts = [new JournalCut(0, 1)] };
        await _storage.WriteStateAsync("work-order", id, state);

        await using var fresh = Create();
        var read = new GrainState<JournaledProbe>();
        await fresh.ReadStateAsync("work-order", id, read);
        Assert.Equal("v2", read.State!.Name);
        // Stream 0 lost row 1 to the cut; both streams are in order, stream by stream.
        Assert.Equal(["0:2", "0:3", "1:1", "1:2"], read.State.Kept.Select(r => $"{r.Stream}:{r.Sequence}"));
        Assert.Equal("row 0/3", System.Text.Encoding.UTF8.GetString(read.State.Kept[1].Payload));

        // A stale activation's write changes neither the state nor the journal.
        var stale = new GrainState<JournaledProbe>(new JournaledProbe { Name = "stale", Appended = [Row(0, 4)], Cuts = [new JournalCut(0, 3)] })
        {
            ETag = "1",
        };
        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync("work-order", id, stale));
        var again = new GrainState<JournaledProbe>();
        await fresh.ReadStateAsync("work-order", id, again);
        Assert.Equal(["0:2", "0:3", "1:1", "1:2"], again.State!.Kept.Select(r => $"{r.Stream}:{r.Sequence}"));

        await _storage.ClearStateAsync("work-order", id, again);
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM twin_grain_journal WHERE grain_id = $1", connection);
        count.Parameters.AddWithValue(id.ToString());
        Assert.Equal(0L, (long)(await count.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task Writes_of_many_grains_in_one_statement_each_get_their_own_version_check_and_journal_rows()
    {
        // 300 journaled grains written at once (group commits put them in bulk statements); a third of the second round
        // carries a stale version: those alone fail, and neither their state nor their journal rows change.
        const int grains = 300;
        var ids = Enumerable.Range(0, grains).Select(_ => GrainId.Create("workorder", $"bulk-{Guid.NewGuid():N}")).ToArray();
        var states = ids.Select((_, i) => new GrainState<JournaledProbe>(new JournaledProbe { Name = $"v1-{i}", Appended = [Row(0, 1), Row(1, 1)] })).ToArray();
        await Task.WhenAll(ids.Select((id, i) => _storage.WriteStateAsync("work-order", id, states[i])));

        var second = states.Select((s, i) => new GrainState<JournaledProbe>(new JournaledProbe
        {
            Name = $"v2-{i}",
            Appended = [Row(0, 2), Row(1, 2)],
            Cuts = [new JournalCut(0, 1)],
        })
        {
            ETag = i % 3 == 0 ? "7" : s.ETag,
        }).ToArray();
        var outcomes = await Task.WhenAll(ids.Select(async (id, i) =>
        {
            try
            {
                await _storage.WriteStateAsync("work-order", id, second[i]);
                return true;
            }
            catch (InconsistentStateException)
            {
                return false;
            }
        }));
        Assert.All(outcomes.Select((ok, i) => (ok, i)), o => Assert.Equal(o.i % 3 != 0, o.ok));

        await using var fresh = Create();
        var reads = ids.Select(_ => new GrainState<JournaledProbe>()).ToArray();
        await Task.WhenAll(ids.Select((id, i) => fresh.ReadStateAsync("work-order", id, reads[i])));
        for (var i = 0; i < grains; i++)
        {
            var (name, etag, rows) = i % 3 == 0 ? ($"v1-{i}", "1", new[] { "0:1", "1:1" }) : ($"v2-{i}", "2", ["0:2", "1:1", "1:2"]);
            Assert.Equal((name, etag), (reads[i].State!.Name, reads[i].ETag));
            Assert.Equal(rows, reads[i].State!.Kept.Select(r => $"{r.Stream}:{r.Sequence}"));
        }
    }

    [Fact]
    public async Task Two_writes_of_the_same_row_at_once_with_the_same_version_let_exactly_one_win()
    {
        var id = GrainId.Create("workorder", $"twice-{Guid.NewGuid():N}");
        var first = new GrainState<JournaledProbe>(new JournaledProbe { Name = "v1", Appended = [Row(0, 1)] });
        await _storage.WriteStateAsync("work-order", id, first);
        for (var round = 0; round < 20; round++)
        {
            // Two activations that read the same version (a duplicate activation): usually in one batch, sometimes not.
            var a = new GrainState<JournaledProbe>(new JournaledProbe { Name = $"a{round}", Appended = [Row(0, 10 + round)] }) { ETag = first.ETag };
            var b = new GrainState<JournaledProbe>(new JournaledProbe { Name = $"b{round}", Appended = [Row(1, 10 + round)] }) { ETag = first.ETag };
            var results = await Task.WhenAll(Attempt(a), Attempt(b));
            Assert.Equal(1, results.Count(ok => ok));
            first = results[0] ? a : b;
        }

        var read = new GrainState<JournaledProbe>();
        await _storage.ReadStateAsync("work-order", id, read);
        Assert.Equal((first.State!.Name, first.ETag), (read.State!.Name, read.ETag));
        Assert.Equal(21, read.State.Kept.Count); // the first row and one row per round: the loser's row was not appended

        async Task<bool> Attempt(GrainState<JournaledProbe> state)
        {
            try
            {
                await _storage.WriteStateAsync("work-order", id, state);
                return true;
            }
            catch (InconsistentStateException)
            {
                return false;
            }
        }
    }

    private static JournalRow Row(short stream, long sequence) => new(stream, sequence, System.Text.Encoding.UTF8.GetBytes($"row {stream}/{sequence}"));

    private PostgresTwinStateStorage Create() => new("twin", NpgsqlDataSource.Create(database.ConnectionString), "svc",
        new TwinJsonGrainStorageSerializer(), NullLogger<PostgresTwinStateStorage>.Instance);

    public sealed class JournaledProbe : IJournaledGrainState
    {
        public string Name { get; set; } = "";

        [System.Text.Json.Serialization.JsonIgnore]
        public IReadOnlyList<JournalRow> Appended { get; set; } = [];

        [System.Text.Json.Serialization.JsonIgnore]
        public IReadOnlyList<JournalCut> Cuts { get; set; } = [];

        [System.Text.Json.Serialization.JsonIgnore]
        public IReadOnlyList<JournalRow> Kept { get; set; } = [];
    }

    public sealed class Probe
    {
        public string Name { get; set; } = "";
        public int Count { get; set; }
    }
}
