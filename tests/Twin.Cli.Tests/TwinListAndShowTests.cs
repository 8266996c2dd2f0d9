using System.Text.Json;
using Twin.Cli.Tests.Infrastructure;

namespace Twin.Cli.Tests;

/// <summary>`twin machines|work-orders|lots|locations list|show|history`: tables for people, --json for scripts.</summary>
[Collection(CliSiloCollection.Name)]
public sealed class TwinListAndShowTests(CliSiloFixture silo)
{
    private readonly Dictionary<string, string> _reader = TwinRun.Environment(silo.BaseAddress, CliSiloFixture.ReaderKey);

    [Fact]
    public async Task Machines_list_as_an_aligned_table_and_as_json()
    {
        using var plant = silo.Rest(NewPlant());
        var t = NewTag();
        await plant.MachineAsync($"PRESS-1.{t}", "Press 1");
        await plant.MachineAsync($"PRESS-2.{t}", "Press 2");

        var table = await TwinRun.RunAsync(_reader, "machines", "list", "--plant", plant.Plant);

        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Equal(3, table.OutputLines.Length);
        Assert.Matches(@"^ID\s+NAME\s+STATUS\s+SINCE\s+WORK ORDER$", table.OutputLines[0]);
        Assert.Matches($@"^PRESS-1\.{t}\s+Press 1\s+\w+\s+\d{{4}}-\d\d-\d\d \d\d:\d\d:\d\dZ\s+-$", table.OutputLines[1]);
        // Columns line up: every row's status starts where the heading's does.
        Assert.Equal(table.OutputLines[0].IndexOf("STATUS", StringComparison.Ordinal), table.OutputLines[2].IndexOf("Unknown", StringComparison.Ordinal));

        var json = await TwinRun.RunAsync(_reader, "machines", "list", "--plant", plant.Plant, "--json");

        Assert.Equal(0, json.ExitCode);
        var machines = JsonDocument.Parse(json.Output).RootElement;
        Assert.Equal([$"PRESS-1.{t}", $"PRESS-2.{t}"], machines.EnumerateArray().Select(m => m.GetProperty("machineId").GetString()));
        Assert.Empty(json.Error);
    }

    [Fact]
    public async Task A_work_order_is_shown_field_by_field_with_its_operations_and_its_history_as_a_table()
    {
        using var plant = silo.Rest(NewPlant());
        var t = NewTag();
        await plant.WorkOrderAsync($"WO-4711.{t}");

        var show = await TwinRun.RunAsync(_reader, "work-orders", "show", $"WO-4711.{t}", "-p", plant.Plant);

        Assert.True(show.ExitCode == 0, show.ToString());
        Assert.Contains(show.OutputLines, l => System.Text.RegularExpressions.Regex.IsMatch(l, $@"^workOrderId\s+WO-4711\.{t}$"));
        Assert.Contains(show.OutputLines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^status\s+Released$"));
        var operations = Array.IndexOf(show.OutputLines, "operations:");
        Assert.True(operations > 0, show.Output);
        Assert.StartsWith("sequence", show.OutputLines[operations + 1], StringComparison.Ordinal);
        Assert.StartsWith("10 ", show.OutputLines[operations + 2], StringComparison.Ordinal);

        var history = await TwinRun.RunAsync(_reader, "work-orders", "history", $"WO-4711.{t}", "-p", plant.Plant);

        Assert.True(history.ExitCode == 0, history.ToString());
        Assert.Matches(@"^SEQ\s+AT\s+COMMAND\s+OK\s+USER\s+CORRELATION\s+CHANGE$", history.OutputLines[0]);
        Assert.True(history.OutputLines.Length >= 3, history.Output); // created, released

        var json = await TwinRun.RunAsync(_reader, "work-orders", "history", $"WO-4711.{t}", "-p", plant.Plant, "--json", "--max", "1");
        Assert.Single(JsonDocument.Parse(json.Output).RootElement.EnumerateArray());
    }

    [Fact]
    public async Task Lots_on_hold_and_a_locations_balances()
    {
        using var plant = silo.Rest(NewPlant());
        var t = NewTag();
        await plant.LocationAsync($"RACK-A1.{t}", "Rack A1");
        await plant.ReceiveAsync($"RACK-A1.{t}", $"L-88.{t}", "STEEL-2MM", 500);
        await plant.ReceiveAsync($"RACK-A1.{t}", $"L-89.{t}", "STEEL-2MM", 20);
        await plant.CommandAsync($"lots/L-88.{t}/hold", new { reason = "supplier certificate missing" });

        var held = await TwinRun.RunAsync(_reader, "lots", "list", "--on-hold", "-p", plant.Plant);

        Assert.True(held.ExitCode == 0, held.ToString());
        var row = Assert.Single(held.OutputLines[1..]);
        Assert.Matches($@"^L-88\.{t}\s+STEEL-2MM\s+500\s+kg\s+QualityHold\s+supplier certificate missing$", row);

        var location = await TwinRun.RunAsync(_reader, "locations", "show", $"RACK-A1.{t}", "-p", plant.Plant);

        Assert.True(location.ExitCode == 0, location.ToString());
        var balances = Array.IndexOf(location.OutputLines, "balances:");
        Assert.True(balances > 0, location.Output);
        Assert.Contains(location.OutputLines[(balances + 1)..], l => l.StartsWith("STEEL-2MM", StringComparison.Ordinal) && l.Contains($"L-89.{t}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_list_longer_than_the_page_says_how_to_go_on_and_all_follows_every_page()
    {
        using var plant = silo.Rest(NewPlant());
        var t = NewTag();
        foreach (var id in new[] { $"LOC-1.{t}", $"LOC-2.{t}", $"LOC-3.{t}" })
        {
            await plant.LocationAsync(id, $"Location {id}");
        }

        var first = await TwinRun.RunAsync(_reader, "locations", "list", "-p", plant.Plant, "--limit", "2");

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(3, first.OutputLines.Length); // heading and two rows
        Assert.Equal($"More locations follow: add --after LOC-2.{t} for the next page, or --all for every one.", Assert.Single(first.ErrorLines));

        var next = await TwinRun.RunAsync(_reader, "locations", "list", "-p", plant.Plant, "--limit", "2", "--after", $"LOC-2.{t}", "--json");
        Assert.Equal($"LOC-3.{t}", Assert.Single(JsonDocument.Parse(next.Output).RootElement.EnumerateArray()).GetProperty("locationId").GetString());

        var all = await TwinRun.RunAsync(_reader, "locations", "list", "-p", plant.Plant, "--limit", "2", "--all", "--json");
        Assert.Equal(3, JsonDocument.Parse(all.Output).RootElement.GetArrayLength());
        Assert.Empty(all.Error);
    }

    internal static string NewPlant() => $"cli-{Guid.NewGuid():N}"[..16];

    /// <summary>Twin ids are unique across plants, so each test's twins carry a tag of their own.</summary>
    internal static string NewTag() => Guid.NewGuid().ToString("N")[..6];
}
