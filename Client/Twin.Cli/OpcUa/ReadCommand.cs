using System.CommandLine;
using Twin.OpcUa.Services;

namespace Twin.Cli.OpcUa;

/// <summary><c>twin opcua read &lt;endpoint&gt; &lt;nodeId&gt;...</c>: current values with status and time stamps.</summary>
internal static class ReadCommand
{
    public static Command Create()
    {
        var connection = new ConnectionOptions();
        var nodes = new Argument<string[]>("nodeId") { Description = "Node ids to read, e.g. ns=2;s=Line1.Press3.GoodCount.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("read", "Read the current value of one or more nodes, with data type, status and source/server time stamps. Exits 1 when a value has a Bad status.");
        connection.AddTo(command);
        command.Arguments.Add(nodes);
        command.SetAction((parse, cancellationToken) =>
        {
            if (!OpcUaSessionRunner.TryParseNodeIds(parse.GetValue(nodes)!, parse.InvocationConfiguration.Error, out var nodeIds))
            {
                return Task.FromResult(TwinCommandLine.UsageError);
            }

            return OpcUaSessionRunner.RunAsync(parse, connection, async (client, output, _, ct) =>
            {
                var values = await client.ReadAsync(nodeIds.Select(n => new ReadValueId { NodeId = n }).ToList(), TimestampsToReturn.Both, ct);
                var width = nodeIds.Max(n => n.ToString().Length);
                for (var i = 0; i < values.Count; i++)
                {
                    var v = values[i];
                    await output.WriteLineAsync(
                        $"{nodeIds[i].ToString().PadRight(width)}  {ValueText.Of(v.Value)}  {ValueText.TypeOf(v.Value)}  {ValueText.Status(v.StatusCode)}  source {ValueText.Time(v.SourceTimestamp)}  server {ValueText.Time(v.ServerTimestamp)}");
                }

                return values.Any(v => v.StatusCode.IsBad) ? TwinCommandLine.Failed : 0;
            }, cancellationToken);
        });
        return command;
    }
}
