using System.CommandLine;
using System.Threading.Channels;
using Twin.OpcUa.Client;
using Twin.OpcUa.Encoding;
using Twin.OpcUa.Services;

namespace Twin.Cli.OpcUa;

/// <summary>
/// <c>twin opcua subscribe &lt;endpoint&gt; &lt;nodeId&gt;... [--interval]</c>: prints value changes as they
/// arrive, until Ctrl+C or <c>--count</c> changes. Connection drops, reconnects and lost
/// notifications are reported on stderr, so an engineer sees exactly what ingest would see.
/// </summary>
internal static class SubscribeCommand
{
    public static Command Create()
    {
        var connection = new ConnectionOptions();
        var nodes = new Argument<string[]>("nodeId") { Description = "Node ids to monitor.", Arity = ArgumentArity.OneOrMore };
        var interval = new Option<int>("--interval")
        {
            Description = "Publishing interval in milliseconds (also the sampling interval unless --sampling is given).",
            DefaultValueFactory = _ => 1000,
            Validators = { IntRange.Check(1, 3_600_000, "--interval must be 1..3600000 ms.") },
        };
        var sampling = new Option<int?>("--sampling") { Description = "Sampling interval in milliseconds (0 = every change the server sees)." };
        var count = new Option<int?>("--count") { Description = "Stop after this many changes (default: run until Ctrl+C)." };
        var command = new Command("subscribe", "Print value changes of one or more nodes as they arrive (value, status, source time stamp) until Ctrl+C.");
        connection.AddTo(command);
        command.Arguments.Add(nodes);
        command.Options.Add(interval);
        command.Options.Add(sampling);
        command.Options.Add(count);
        command.SetAction((parse, cancellationToken) =>
        {
            if (!OpcUaSessionRunner.TryParseNodeIds(parse.GetValue(nodes)!, parse.InvocationConfiguration.Error, out var nodeIds))
            {
                return Task.FromResult(TwinCommandLine.UsageError);
            }

            var publishing = TimeSpan.FromMilliseconds(parse.GetValue(interval));
            var samplingInterval = parse.GetValue(sampling) is { } s ? TimeSpan.FromMilliseconds(s) : publishing;
            return OpcUaSessionRunner.RunAsync(parse, connection,
                (client, output, error, ct) => WatchAsync(client, nodeIds, publishing, samplingInterval, parse.GetValue(count), output, error, ct),
                cancellationToken);
        });
        return command;
    }

    private static async Task<int> WatchAsync(
        OpcUaClient client, List<NodeId> nodeIds, TimeSpan publishing, TimeSpan sampling, int? stopAfter, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        // The client calls back on its dispatch thread; printing happens here, in order.
        var lines = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
        // Our own client handles (1, 2, …) name the nodes before any change can arrive.
        var width = nodeIds.Max(n => n.ToString().Length);
        var names = nodeIds.Select((n, i) => (Handle: (uint)(i + 1), Name: n.ToString().PadRight(width))).ToDictionary(p => p.Handle, p => p.Name);
        client.ConnectionStateChanged += (_, e) => lines.Writer.TryWrite($"# {e.Current}: {e.Reason}");
        var subscription = await client.CreateSubscriptionAsync(
            new SubscriptionOptions { PublishingInterval = publishing },
            (_, batch) =>
            {
                foreach (var n in batch.Notifications)
                {
                    var name = names.GetValueOrDefault(n.ClientHandle, $"item {n.ClientHandle}");
                    lines.Writer.TryWrite($"{ValueText.Time(n.Value.SourceTimestamp)}  {name}  {ValueText.Of(n.Value.Value)}  {ValueText.Status(n.Value.StatusCode)}");
                }
            },
            cancellationToken);
        subscription.NotificationGap += (_, gap) => lines.Writer.TryWrite(gap.MissingMessageCount < 0
            ? $"# gap: changes may have been missed ({gap.Reason})"
            : $"# gap: {gap.MissingMessageCount} notification message(s) lost, {gap.RecoveredMessageCount} recovered ({gap.Reason})");

        var requested = nodeIds.Select((n, i) => new MonitoredItemOptions(n) { SamplingInterval = sampling, QueueSize = 10, ClientHandle = (uint)(i + 1) }).ToList();
        var items = await subscription.AddMonitoredItemsAsync(requested, cancellationToken);

        var refused = items.Where(i => i.Status.IsBad).ToList();
        foreach (var item in refused)
        {
            await error.WriteLineAsync($"{item.NodeId}: not monitored, {ValueText.Status(item.Status)}");
        }

        if (refused.Count == items.Count)
        {
            return TwinCommandLine.Failed;
        }

        await error.WriteLineAsync($"# watching {items.Count - refused.Count} node(s) on {client.Options.EndpointUrl}, publishing every {subscription.RevisedPublishingInterval.TotalMilliseconds} ms; Ctrl+C to stop");
        var changes = 0;
        try
        {
            await foreach (var line in lines.Reader.ReadAllAsync(cancellationToken))
            {
                if (line.StartsWith('#'))
                {
                    await error.WriteLineAsync(line);
                    continue;
                }

                await output.WriteLineAsync(line);
                if (++changes >= stopAfter)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C: a normal way to stop watching.
        }

        return 0;
    }
}
