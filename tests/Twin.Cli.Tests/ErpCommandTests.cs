using System.Text.Json;
using Twin.Cli.Tests.Infrastructure;

namespace Twin.Cli.Tests;

/// <summary>`twin erp status|dead-letters|replay` against real dead letters: the ERP rejects a plant until the test "fixes" it.</summary>
[Collection(CliSiloCollection.Name)]
public sealed class ErpCommandTests(CliSiloFixture silo)
{
    private readonly Dictionary<string, string> _reader = TwinRun.Environment(silo.BaseAddress, CliSiloFixture.ReaderKey);
    private readonly Dictionary<string, string> _admin = TwinRun.Environment(silo.BaseAddress, CliSiloFixture.AdminKey);

    [Fact]
    public async Task Dead_letters_are_listed_and_replay_all_waits_with_progress_until_the_erp_booked_them()
    {
        using var plant = silo.Rest(TwinListAndShowTests.NewPlant());
        var t = TwinListAndShowTests.NewTag();
        silo.Erp.Reject(plant.Plant);
        await plant.LocationAsync($"RACK-1.{t}", "Rack 1");
        for (var i = 1; i <= 3; i++)
        {
            await plant.ReceiveAsync($"RACK-1.{t}", $"L-{i}.{t}", "STEEL-2MM", 10 * i);
        }

        var letters = await WaitForDeadLettersAsync(plant.Plant, 3);
        Assert.All(letters, l => Assert.Equal("GoodsReceipt", l.GetProperty("kind").GetString()));

        var table = await TwinRun.RunAsync(_reader, "erp", "dead-letters", "-p", plant.Plant);
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Matches(@"^KEY\s+KIND\s+WORK ORDER\s+OP\s+ITEM\s+LOT\s+QUANTITY\s+UNIT\s+REJECTED\s+ATTEMPTS\s+REASON$", table.OutputLines[0]);
        Assert.Equal(4, table.OutputLines.Length);
        Assert.All(table.OutputLines[1..], l => Assert.EndsWith($"Material STEEL-2MM is not extended to plant {plant.Plant}", l, StringComparison.Ordinal));

        var status = await TwinRun.RunAsync(_reader, "erp", "status", "-p", plant.Plant);
        Assert.Contains(status.OutputLines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^deadLetterCount\s+3$"));

        silo.Erp.Accept(plant.Plant); // the cause was fixed in the ERP
        var replay = await TwinRun.RunAsync(_admin, "erp", "replay", "--all", "--wait", "-p", plant.Plant);

        Assert.True(replay.ExitCode == 0, replay.ToString());
        Assert.Equal($"Replayed 3 dead letter(s) of plant '{plant.Plant}'.", Assert.Single(replay.OutputLines));
        Assert.Matches(@"^# replay: 3 booked, 0 rejected again, 0 pending in the queue \(\d+ s\)$", replay.ErrorLines[^1]);

        var after = await TwinRun.RunAsync(_reader, "erp", "dead-letters", "-p", plant.Plant, "--json");
        Assert.Equal(0, JsonDocument.Parse(after.Output).RootElement.GetArrayLength());
        var figures = JsonDocument.Parse((await TwinRun.RunAsync(_reader, "erp", "status", "-p", plant.Plant, "--json")).Output).RootElement;
        Assert.Equal(3, figures.GetProperty("posted").GetInt64());
    }

    [Fact]
    public async Task Replay_by_key_reports_each_key_and_an_unknown_one_fails_the_run()
    {
        using var plant = silo.Rest(TwinListAndShowTests.NewPlant());
        var t = TwinListAndShowTests.NewTag();
        silo.Erp.Reject(plant.Plant);
        await plant.LocationAsync($"RACK-1.{t}", "Rack 1");
        await plant.ReceiveAsync($"RACK-1.{t}", $"L-1.{t}", "STEEL-2MM", 5);
        var key = (await WaitForDeadLettersAsync(plant.Plant, 1))[0].GetProperty("idempotencyKey").GetString()!;

        // Still rejected: the replay is taken, and --wait reports it rejected again.
        var again = await TwinRun.RunAsync(_admin, "erp", "replay", key, "--wait", "-p", plant.Plant, "--json");

        Assert.True(again.ExitCode == 0, again.ToString());
        var answer = JsonDocument.Parse(again.Output).RootElement;
        Assert.Equal(1, answer.GetProperty("replayed").GetInt32());
        Assert.Equal($"The ERP rejected 1 again; see why with: twin erp dead-letters --plant {plant.Plant}", again.ErrorLines[^1]);

        silo.Erp.Accept(plant.Plant);
        var mixed = await TwinRun.RunAsync(_admin, "erp", "replay", key, "no-such-key", "-p", plant.Plant);

        Assert.Equal(1, mixed.ExitCode);
        Assert.Equal($"Replayed 1 dead letter(s) of plant '{plant.Plant}'; 1 could not be replayed.", Assert.Single(mixed.OutputLines));
        Assert.Contains($"No dead letter 'no-such-key' in plant '{plant.Plant}' (404 dead-letter-not-found)", mixed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wait_gives_up_after_its_limit_while_the_erp_is_unreachable_and_says_the_queue_goes_on()
    {
        using var plant = silo.Rest(TwinListAndShowTests.NewPlant());
        var t = TwinListAndShowTests.NewTag();
        silo.Erp.Reject(plant.Plant);
        await plant.LocationAsync($"RACK-1.{t}", "Rack 1");
        await plant.ReceiveAsync($"RACK-1.{t}", $"L-1.{t}", "STEEL-2MM", 5);
        await plant.ReceiveAsync($"RACK-1.{t}", $"L-2.{t}", "STEEL-2MM", 6);
        await WaitForDeadLettersAsync(plant.Plant, 2);

        silo.Erp.Unreachable(plant.Plant);
        var replay = await TwinRun.RunAsync(_admin, "erp", "replay", "--all", "--wait", "--wait-limit", "1", "-p", plant.Plant);

        Assert.Equal(1, replay.ExitCode);
        Assert.Equal($"Replayed 2 dead letter(s) of plant '{plant.Plant}'.", Assert.Single(replay.OutputLines));
        Assert.Contains(replay.ErrorLines, l => l.StartsWith("# replay: 0 booked, 0 rejected again, 2 pending in the queue", StringComparison.Ordinal));
        Assert.Equal($"Still 2 pending after 1 s; the queue goes on by itself (twin erp status --plant {plant.Plant}); if it does not move, the ERP may be unreachable.", replay.ErrorLines[^1]);
        silo.Erp.Accept(plant.Plant);
    }

    [Fact]
    public async Task Connections_of_a_plant_without_plant_files_are_none_and_an_unknown_one_is_404()
    {
        var list = await TwinRun.RunAsync(_reader, "connections", "list", "-p", "p-conn");
        Assert.Equal(0, list.ExitCode);
        Assert.Empty(list.Output);
        Assert.Equal("Plant 'p-conn' has no OPC UA connections on this silo (none in its plant files).", Assert.Single(list.ErrorLines));

        var json = await TwinRun.RunAsync(_reader, "connections", "list", "-p", "p-conn", "--json");
        Assert.Equal("[]", json.Output.Trim());

        var show = await TwinRun.RunAsync(_reader, "connections", "show", "line-1", "-p", "p-conn");
        Assert.Equal(1, show.ExitCode);
        Assert.Equal("Plant 'p-conn' has no OPC UA connection 'line-1' (404 connection-not-found); list them with: twin connections list --plant p-conn", Assert.Single(show.ErrorLines));
    }

    private async Task<List<JsonElement>> WaitForDeadLettersAsync(string plant, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var run = await TwinRun.RunAsync(_reader, "erp", "dead-letters", "-p", plant, "--json");
            Assert.True(run.ExitCode == 0, run.ToString());
            var letters = JsonDocument.Parse(run.Output).RootElement.EnumerateArray().ToList();
            if (letters.Count >= count)
            {
                return letters;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{count} dead letter(s) in plant {plant} within 20 s; have {letters.Count}");
            await Task.Delay(50);
        }
    }
}
