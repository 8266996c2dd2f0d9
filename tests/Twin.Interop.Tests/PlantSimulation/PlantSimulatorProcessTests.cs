using System.Diagnostics;
using Twin.Interop.Tests.ClientInterop;
using Twin.OpcUa.Encoding;

namespace Twin.Interop.Tests.PlantSimulation;

/// <summary>The simulator executable as scripts and the end-to-end tests use it: start, READY line, serve, stop.</summary>
public sealed class PlantSimulatorProcessTests
{
    [Fact]
    public async Task Simulator_prints_READY_with_its_endpoint_and_serves_the_plant()
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "PlantSimulator.dll"), "--port", "0", "--host", "127.0.0.1", "--lines", "1", "--machines", "3", "--rate", "50", "--seed", "7" })
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("dotnet did not start the simulator.");
        var errors = process.StandardError.ReadToEndAsync();
        try
        {
            var ready = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.NotNull(ready);
            Assert.Matches(@"^READY opc\.tcp://127\.0\.0\.1:\d+/twin/plant$", ready);
            var endpoint = ready["READY ".Length..];

            await using var client = await OurClient.ConnectAsync(endpoint);
            var status = await client.ReadValueAsync(NodeId.Parse("ns=2;s=Line1.Press3.Status"));
            Assert.True(status.StatusCode.IsGood, status.StatusCode.ToString());
            Assert.Contains(status.Value.Value as string, new[] { "Running", "Idle", "Down", "Setup" });
            var missing = await client.ReadValueAsync(NodeId.Parse("ns=2;s=Line1.Lathe1.GoodCount")); // only 3 machines per line
            Assert.Equal(StatusCode.BadNodeIdUnknown, missing.StatusCode);

            // --host 127.0.0.1 binds that address only: another address of this machine (127.0.0.2 is loopback
            // too on Linux, so a listener on every interface would take it) is refused on the same port.
            var port = new Uri(endpoint).Port;
            using var elsewhere = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
            var refused = await Assert.ThrowsAsync<System.Net.Sockets.SocketException>(() => elsewhere.ConnectAsync(System.Net.IPAddress.Parse("127.0.0.2"), port));
            Assert.Equal(System.Net.Sockets.SocketError.ConnectionRefused, refused.SocketErrorCode);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        Assert.Contains("plant-1: 1 line(s) × 3 machine(s), 21 variables", await errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulator_refuses_a_bad_option_with_a_clear_line_and_a_non_zero_exit()
    {
        var startInfo = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "PlantSimulator.dll"), "--machines", "0" })
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("dotnet did not start the simulator.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await output;

        Assert.NotEqual(0, process.ExitCode);
        Assert.Contains("--machines must be a positive number.", errors, StringComparison.Ordinal);
    }
}
