using System.Text.Json;
using System.Text.RegularExpressions;
using Twin.Cli.Tests.Infrastructure;

namespace Twin.Cli.Tests;

/// <summary>`twin kpis` and `twin kpis objectives` against a real silo: a goods receipt the ERP refused shows as an unposted goods movement.</summary>
[Collection(CliSiloCollection.Name)]
public sealed class KpiCommandTests(CliSiloFixture silo)
{
    private readonly Dictionary<string, string> _reader = TwinRun.Environment(silo.BaseAddress, CliSiloFixture.ReaderKey);

    [Fact]
    public async Task Kpis_show_a_refused_goods_receipt_as_attention_with_the_objectives_below()
    {
        using var plant = silo.Rest(TwinListAndShowTests.NewPlant());
        var t = TwinListAndShowTests.NewTag();
        silo.Erp.Reject(plant.Plant);
        await plant.LocationAsync($"RACK-1.{t}", "Rack 1");
        await plant.ReceiveAsync($"RACK-1.{t}", $"L-1.{t}", "STEEL-2MM", 5);
        await WaitForDeadLetterAsync(plant.Plant);

        var table = await TwinRun.RunAsync(_reader, "kpis", "-p", plant.Plant);

        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Matches($@"^Plant {Regex.Escape(plant.Plant)}: 1 need attention \(computed \d{{4}}-\d\d-\d\d \d\d:\d\d:\d\dZ\)$", table.OutputLines[0]);
        Assert.Matches(@"^KPI\s+STATE\s+VALUE\s+DETAIL$", table.OutputLines[1]);
        Assert.Matches(@"^unposted goods movements\s+attention\s+1\s+GoodsReceipt 1; dead letters of every kind 1$", table.OutputLines[3]);
        Assert.Matches(@"^delayed confirmations\s+ok\s+0\s+queued longer than the ERP posting objective \(1 min\)$", table.OutputLines[2]);
        var objectives = Array.FindIndex(table.OutputLines, l => l.StartsWith("WORKFLOW", StringComparison.Ordinal));
        Assert.Equal(8, objectives); // the verdict, the KPI heading and six KPIs, then the objectives
        Assert.Matches(@"^WORKFLOW\s+STATE\s+OBJECTIVE\s+WITHIN\s+COUNT\s+MISSED\s+P50\s+P90\s+P99\s+MAX\s+WINDOW$", table.OutputLines[objectives]);
        Assert.Equal(["machine-telemetry", "warehouse-movement", "erp-posting"], table.OutputLines[(objectives + 1)..].Select(l => l.Split(' ')[0]));

        var json = JsonDocument.Parse((await TwinRun.RunAsync(_reader, "kpis", "-p", plant.Plant, "--json")).Output).RootElement;
        Assert.False(json.GetProperty("ok").GetBoolean());
        Assert.Equal(1, json.GetProperty("unpostedGoodsMovements").GetProperty("byKind").GetProperty("GoodsReceipt").GetInt64());
        silo.Erp.Accept(plant.Plant);
    }

    [Fact]
    public async Task Objectives_are_a_table_or_the_silos_json_and_errors_are_one_line()
    {
        var table = await TwinRun.RunAsync(_reader, "kpis", "objectives", "-p", "p-objectives");
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Equal(4, table.OutputLines.Length);
        Assert.Matches(@"^erp-posting\s+no-data\s+1 min\s+-\s+0\s+0\s+-\s+-\s+-\s+-\s+1 h$", table.OutputLines[3]);
        Assert.Matches(@"^machine-telemetry\s+no-data\s+1 s\s", table.OutputLines[1]);

        var json = JsonDocument.Parse((await TwinRun.RunAsync(_reader, "kpis", "objectives", "-p", "p-objectives", "--json")).Output).RootElement;
        Assert.Equal(3, json.GetArrayLength());
        Assert.Equal(5.0, json[1].GetProperty("objectiveSeconds").GetDouble());

        var noKey = await TwinRun.RunAsync(new Dictionary<string, string> { ["TWIN_URL"] = silo.BaseAddress.ToString() }, "kpis", "-p", "p-objectives");
        Assert.Equal(2, noKey.ExitCode);
        Assert.StartsWith("No API key: set TWIN_API_KEY", Assert.Single(noKey.ErrorLines), StringComparison.Ordinal);

        var badPlant = await TwinRun.RunAsync(_reader, "kpis", "-p", "no such plant");
        Assert.Equal(1, badPlant.ExitCode);
        Assert.Single(badPlant.ErrorLines);

        var unknown = await TwinRun.RunAsync(_reader, "kpis", "objectivs", "-p", "p-objectives");
        Assert.Equal(2, unknown.ExitCode);
        Assert.EndsWith("(see: twin kpis --help)", Assert.Single(unknown.ErrorLines), StringComparison.Ordinal);
    }

    private async Task WaitForDeadLetterAsync(string plant)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var run = await TwinRun.RunAsync(_reader, "erp", "dead-letters", "-p", plant, "--json");
            if (run.ExitCode == 0 && JsonDocument.Parse(run.Output).RootElement.GetArrayLength() > 0)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"a dead letter in plant {plant} within 20 s: {run}");
            await Task.Delay(50);
        }
    }
}
