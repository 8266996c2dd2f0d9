using System.Diagnostics;
using System.Text.Json;
using Twin.Cli.Tests.Infrastructure;

namespace Twin.Cli.Tests;

/// <summary>The built `twin` program as an operator starts it: settings from the process environment, the exit code from the process.</summary>
[Collection(CliSiloCollection.Name)]
public sealed class TwinProcessTests(CliSiloFixture silo)
{
    [Fact]
    public async Task The_twin_process_reads_its_key_url_and_plant_from_the_environment()
    {
        using var plant = silo.Rest(TwinListAndShowTests.NewPlant());
        var t = TwinListAndShowTests.NewTag();
        await plant.MachineAsync($"PRESS-9.{t}", "Press 9");

        var (exit, output, error) = await RunTwinAsync(CliSiloFixture.ReaderKey, plant.Plant, "machines", "show", $"PRESS-9.{t}", "--json");

        Assert.True(exit == 0, $"exit {exit}: {error}");
        Assert.Equal($"PRESS-9.{t}", JsonDocument.Parse(output).RootElement.GetProperty("machineId").GetString());

        var refused = await RunTwinAsync("twin_wrong", plant.Plant, "machines", "list");
        Assert.Equal(1, refused.Exit);
        Assert.Single(refused.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        var usage = await RunTwinAsync(CliSiloFixture.ReaderKey, plant.Plant, "machines", "list", "--limit", "x");
        Assert.Equal(2, usage.Exit);
    }

    private async Task<(int Exit, string Output, string Error)> RunTwinAsync(string key, string plant, params string[] args)
    {
        // Twin.Cli is referenced by this project, so twin.dll and its runtimeconfig are next to the tests.
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "twin.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["TWIN_URL"] = silo.BaseAddress.ToString();
        start.Environment["TWIN_API_KEY"] = key;
        start.Environment["TWIN_PLANT"] = plant;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(deadline.Token);
        return (process.ExitCode, await output, await error);
    }
}
