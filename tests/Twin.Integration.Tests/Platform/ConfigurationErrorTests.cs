using System.Net;
using System.Net.Sockets;
using Twin.Testing;

namespace Twin.Integration.Tests.Platform;

/// <summary>
/// Every mistake an operator can make in configuration ends in one clear line that names the
/// setting, a non-zero exit code, and no stack trace.
/// </summary>
public sealed class ConfigurationErrorTests
{
    private static readonly TimeSpan _exitTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Malformed_connection_string_names_the_setting()
    {
        var output = await RunExpectingFailure(["--connection-string", "Host=127.0.0.1;Port=notaport;Database=twin"]);
        Assert.Contains("ConnectionStrings:Twin is malformed", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreachable_database_names_the_setting()
    {
        var closedPort = FreePorts.Next();
        var output = await RunExpectingFailure(["--connection-string", $"Host=127.0.0.1;Port={closedPort};Database=twin;Username=postgres;Timeout=3"]);
        Assert.Contains("ConnectionStrings:Twin: cannot reach PostgreSQL", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Silo_port_in_use_names_the_setting()
    {
        using var occupant = new TcpListener(IPAddress.Any, 0);
        occupant.Start();
        var port = ((IPEndPoint)occupant.LocalEndpoint).Port;
        var output = await RunExpectingFailure(["--silo-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        Assert.Contains($"Twin:SiloPort {port}: port {port} is already in use", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_profile_names_the_setting()
    {
        var output = await RunExpectingFailure(["--profile", "cloud"]);
        Assert.Contains("Twin:Profile 'cloud' is not a profile", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Postgres_profile_without_connection_string_says_what_to_set()
    {
        var output = await RunExpectingFailure(["--profile", "postgres"]);
        Assert.Contains("ConnectionStrings:Twin is not set", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Non_numeric_port_names_the_setting()
    {
        var output = await RunExpectingFailure(["--gateway-port", "thirty"]);
        Assert.Contains("Twin:GatewayPort", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_setting_in_the_Twin_section_is_rejected()
    {
        var output = await RunExpectingFailure([], new Dictionary<string, string> { ["Twin__SiloPrt"] = "1234" });
        Assert.Contains("Unknown setting Twin:SiloPrt", output, StringComparison.Ordinal);
        Assert.Contains("SiloPrt", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_option_is_named()
    {
        var output = await RunExpectingFailure(["--silo-prot", "1"], expectedExitCode: 2);
        Assert.Contains("--silo-prot", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_command_is_named()
    {
        var output = await RunExpectingFailure(["db", "frobnicate"], expectedExitCode: 2);
        Assert.Contains("frobnicate", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Out_of_range_pipeline_setting_names_the_setting_without_a_stack_trace()
    {
        // Validated by the pipeline's own options (ValidateOnStart), not by the host options: this used to
        // print "Hosting failed to start" and 14 lines of stack trace before the one line.
        var output = await RunExpectingFailure(["--Erp:Outbox:MaxBatchSize=-5"]);
        Assert.Contains("Erp:Outbox:MaxBatchSize is -5", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Out_of_range_maintenance_time_or_a_class_that_is_no_id_names_the_setting()
    {
        var zero = await RunExpectingFailure(["--Twin:Maintenance:DownAfter=00:00:00"]);
        Assert.Contains("Twin:Maintenance:DownAfter must be between 1 second and 30 days (was 00:00:00)", zero, StringComparison.Ordinal);
        var badClass = await RunExpectingFailure(["--Twin:Maintenance:DownAfterByClass:press#2=00:10:00"]);
        Assert.Contains("Twin:Maintenance:DownAfterByClass: machine class 'press#2' contains '#'", badClass, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Broken_plant_file_names_the_file_in_one_line()
    {
        var file = Path.Combine(Path.GetTempPath(), $"twin-broken-plant-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, "{\"plant\":\"p1\",\"connections\":[{\"name\":\"c\",");
        try
        {
            var output = await RunExpectingFailure([$"--Ingest:PlantFiles:0={file}"]);
            Assert.Contains($"Plant configuration '{file}' is not valid JSON", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Plant_file_with_bad_node_id_names_the_connection_in_one_line()
    {
        var file = Path.Combine(Path.GetTempPath(), $"twin-bad-node-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, """
            {"plant":"p1","connections":[{"name":"c","endpointUrl":"opc.tcp://127.0.0.1:1",
              "tags":[{"machine":"m1","nodeId":"ns=2;x=oops","signal":"GoodCount"}]}]}
            """);
        try
        {
            var output = await RunExpectingFailure([$"--Ingest:PlantFiles:0={file}"]);
            Assert.Contains("Plant 'p1', connection 'c'", output, StringComparison.Ordinal);
            Assert.Contains("ns=2;x=oops", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    internal static async Task<string> RunExpectingFailure(string[] arguments, Dictionary<string, string>? environment = null, int expectedExitCode = 1)
    {
        await using var silo = SiloProcess.Start(environment, arguments);
        var exitCode = await silo.WaitForExitAsync(_exitTimeout);
        var output = silo.Output.Trim();
        Assert.True(exitCode == expectedExitCode, $"Expected exit code {expectedExitCode}, got {exitCode}. Output:\n{output}");
        AssertOneLineNoStackTrace(output);
        return output;
    }

    internal static void AssertOneLineNoStackTrace(string output)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 1, $"Expected one line of output, got {lines.Length}:\n{output}");
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", output, StringComparison.Ordinal);
    }
}
