using System.Globalization;
using Twin.Benchmarks.Harness;

namespace Twin.Benchmarks.Scenarios.OpcUaClient;

/// <summary>
/// Scenario 1: our OPC UA client and node-opcua's client, each in its own process, subscribed at the same time
/// to the same monitored items of the same server. Notifications/s received and CPU µs per notification,
/// both measured from outside the client processes in the same window.
/// </summary>
public sealed class OpcUaClientScenario : IBenchmarkScenario
{
    // 5,000 items changing every 100 ms: 50,000 notifications/s to each client, 100,000/s from the server,
    // which leaves the 2 cores room for both clients (the figure compared is CPU per notification).
    private const int Items = 5_000;
    private const int IntervalMs = 100;

    public string Name => "opcua-client";

    public string Description => $"Our OPC UA client vs node-opcua's client, same server, same {Items:N0} items every {IntervalMs} ms, same run, unsecured and under {LoadServer.SecuredPolicy} SignAndEncrypt: notifications/s and CPU µs/notification";

    public async Task RunAsync(RunMode mode, FigureSink figures, CancellationToken cancellationToken)
    {
        var script = Path.Combine(RepositoryPaths.InteropDir, "bench", "client-load.js");
        if (!Directory.Exists(Path.Combine(RepositoryPaths.InteropDir, "node_modules")) || !File.Exists(script))
        {
            throw new InvalidOperationException(
                $"node-opcua is not installed in {RepositoryPaths.InteropDir} (or {script} is missing); run `npm ci` in tests/interop first (tests/run-all.sh does).");
        }

        FigureSink.Progress($"our OPC UA server with {(mode.IsSmoke ? 500 : Items):N0} variables, both clients subscribing");
        var items = mode.IsSmoke ? 500 : Items;
        await using var server = new LoadServer(items);
        await server.StartAsync(TimeSpan.FromMilliseconds(IntervalMs));
        // The same comparison twice: unsecured, then both clients over SignAndEncrypt (every chunk decrypted and its
        // HMAC checked), each pair in its own processes so the second figure carries no state from the first.
        await MeasureAsync(mode, figures, server, script, items, "None", "", cancellationToken);
        FigureSink.Progress($"again with both clients on {LoadServer.SecuredPolicy} SignAndEncrypt");
        await MeasureAsync(mode, figures, server, script, items, $"{LoadServer.SecuredPolicy}:SignAndEncrypt", $" ({LoadServer.SecuredPolicy} SignAndEncrypt)", cancellationToken);
    }

    private async Task MeasureAsync(RunMode mode, FigureSink figures, LoadServer server, string script, int items, string security, string label, CancellationToken cancellationToken)
    {
        var args = new[] { server.EndpointUrl, items.ToString(CultureInfo.InvariantCulture) };
        var options = new[]
        {
            "--ns", server.NamespaceIndex.ToString(CultureInfo.InvariantCulture), "--prefix", LoadServer.Prefix,
            "--interval", IntervalMs.ToString(CultureInfo.InvariantCulture), "--security", security,
        };

        await using var ours = LoadProcess.StartSelf("our client (client-load)", ["client-load", .. args, .. options]);
        await using var node = LoadProcess.Start("node-opcua client (bench/client-load.js)", "node", [script, .. args, .. options], RepositoryPaths.InteropDir);
        await Task.WhenAll(
            ours.WaitReadyAsync(TimeSpan.FromSeconds(60), cancellationToken),
            node.WaitReadyAsync(TimeSpan.FromSeconds(60), cancellationToken));

        await Task.Delay(mode.Warmup, cancellationToken);
        var oursBefore = await ours.MarkAsync(cancellationToken);
        var nodeBefore = await node.MarkAsync(cancellationToken);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Task.Delay(mode.Measure, cancellationToken);
        var oursAfter = await ours.MarkAsync(cancellationToken);
        var nodeAfter = await node.MarkAsync(cancellationToken);
        var seconds = clock.Elapsed.TotalSeconds;

        var oursCount = oursAfter.Count - oursBefore.Count;
        var nodeCount = nodeAfter.Count - nodeBefore.Count;
        if (oursCount == 0 || nodeCount == 0)
        {
            throw new InvalidOperationException(
                $"A client received nothing{label} in {seconds:0.0} s (ours {oursCount}, node-opcua {nodeCount}); the server changed {server.Changes:N0} values.");
        }

        var oursCpu = (oursAfter.Cpu - oursBefore.Cpu).TotalMicroseconds / oursCount;
        var nodeCpu = (nodeAfter.Cpu - nodeBefore.Cpu).TotalMicroseconds / nodeCount;
        var offered = items * 1000.0 / IntervalMs;
        figures.AddRange(
        [
            Figure.Info(Name, $"our client: notifications/s{label}", oursCount / seconds, "1/s", $"offered {offered:N0}/s to each client"),
            Figure.Info(Name, $"node-opcua client: notifications/s{label}", nodeCount / seconds, "1/s", $"offered {offered:N0}/s to each client"),
            Figure.AtMost(Name, $"our client: CPU per notification{label}", oursCpu, "µs", nodeCpu / 5,
                $"target = node-opcua's / 5; process CPU, peak RSS {ours.PeakWorkingSetBytes / 1048576.0:0} MB"),
            Figure.Info(Name, $"node-opcua client: CPU per notification{label}", nodeCpu, "µs", $"process CPU, peak RSS {node.PeakWorkingSetBytes / 1048576.0:0} MB"),
            Figure.Info(Name, $"CPU ratio node-opcua / ours{label}", nodeCpu / oursCpu, "x", "target >= 5"),
        ]);
    }
}
