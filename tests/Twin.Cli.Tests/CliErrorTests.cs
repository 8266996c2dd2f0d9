using Twin.Cli.Api;
using Twin.Cli.Tests.Infrastructure;
using Twin.Testing;

namespace Twin.Cli.Tests;

/// <summary>Every way a REST command can fail is one line on stderr: exit 1 at run time, exit 2 for wrong input.</summary>
[Collection(CliSiloCollection.Name)]
public sealed class CliErrorTests(CliSiloFixture silo)
{
    [Fact]
    public async Task A_bad_key_is_refused_in_one_line_naming_the_variable()
    {
        var run = await TwinRun.RunAsync(TwinRun.Environment(silo.BaseAddress, "twin_not-a-configured-key"), "machines", "list", "-p", "p1");

        Assert.Equal(1, run.ExitCode);
        Assert.Empty(run.Output);
        var line = Assert.Single(run.ErrorLines);
        Assert.Contains("refused the API key (401 invalid-api-key)", line, StringComparison.Ordinal);
        Assert.Contains("set TWIN_API_KEY", line, StringComparison.Ordinal);
        Assert.DoesNotContain("twin_not-a-configured-key", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("machines", "machine", "machine-not-found")]
    [InlineData("work-orders", "work order", "work-order-not-found")]
    [InlineData("lots", "lot", "lot-not-found")]
    [InlineData("locations", "location", "location-not-found")]
    public async Task An_unknown_twin_is_404_with_the_command_that_lists_them(string kind, string singular, string code)
    {
        var run = await TwinRun.RunAsync(TwinRun.Environment(silo.BaseAddress, CliSiloFixture.ReaderKey), kind, "show", "NOPE-1", "-p", "p-404");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"No {singular} 'NOPE-1' in plant 'p-404' (404 {code}); list them with: twin {kind} list --plant p-404", Assert.Single(run.ErrorLines));

        var history = await TwinRun.RunAsync(TwinRun.Environment(silo.BaseAddress, CliSiloFixture.ReaderKey), kind, "history", "NOPE-1", "-p", "p-404");
        Assert.Equal(1, history.ExitCode);
    }

    [Fact]
    public async Task A_reader_key_may_not_replay()
    {
        var run = await TwinRun.RunAsync(TwinRun.Environment(silo.BaseAddress, CliSiloFixture.ReaderKey), "erp", "replay", "--all", "-p", "p1");

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.ErrorLines);
        Assert.Contains("(403 forbidden)", line, StringComparison.Ordinal);
        Assert.Contains("admin", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_silo_that_is_not_there_is_explained_in_one_line()
    {
        var nowhere = new Uri($"http://127.0.0.1:{FreePorts.Next()}");

        var run = await TwinRun.RunAsync(TwinRun.Environment(nowhere, CliSiloFixture.ReaderKey), "erp", "status", "-p", "p1", "--timeout", "5");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"Cannot reach the silo at {nowhere} (ConnectionRefused); check --url or TWIN_URL and that the silo is running.", Assert.Single(run.ErrorLines));
    }

    [Fact]
    public async Task A_url_that_is_not_the_api_is_said_so()
    {
        // /health/live answers 200 text/plain; below it there is no API, so the silo answers 404 without a problem.
        var run = await TwinRun.RunAsync(TwinRun.Environment(new Uri(silo.BaseAddress, "health/live/"), CliSiloFixture.ReaderKey), "erp", "status", "-p", "p1");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("check --url", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "machines", "list", "-p", "p1" }, null, "No API key: set TWIN_API_KEY")]
    [InlineData(new[] { "machines", "list" }, "key", "Which plant? Give --plant <id> or set TWIN_PLANT.")]
    [InlineData(new[] { "machines", "list", "-p", "p1", "--url", "ftp://silo" }, "key", "'ftp://silo' is not the silo's HTTP address")]
    [InlineData(new[] { "machines", "list", "-p", "p1", "--limit", "0" }, "key", "--limit must be 1..5000. (see: twin machines list --help)")]
    [InlineData(new[] { "machines", "lst" }, "key", "Unrecognized command or argument 'lst'")]
    [InlineData(new[] { "erp", "replay", "-p", "p1" }, "key", "Give the keys of the dead letters to replay, or --all.")]
    [InlineData(new[] { "erp", "replay", "k-1", "--all", "-p", "p1" }, "key", "Give dead-letter keys or --all, not both.")]
    public async Task Wrong_input_is_exit_2_in_one_line(string[] args, string? key, string expected)
    {
        var environment = new Dictionary<string, string> { [CliEnvironment.UrlVariable] = silo.BaseAddress.ToString() };
        if (key is not null)
        {
            environment[CliEnvironment.ApiKeyVariable] = CliSiloFixture.ReaderKey;
        }

        var run = await TwinRun.RunAsync(environment, args);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, Assert.Single(run.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_plant_comes_from_TWIN_PLANT_when_not_given()
    {
        var environment = TwinRun.Environment(silo.BaseAddress, CliSiloFixture.ReaderKey);
        environment[CliEnvironment.PlantVariable] = "p-env";

        var run = await TwinRun.RunAsync(environment, "erp", "status", "--json");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("\"plant\": \"p-env\"", run.Output, StringComparison.Ordinal);
    }
}
