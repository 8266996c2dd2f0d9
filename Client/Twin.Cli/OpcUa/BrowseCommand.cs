using System.CommandLine;
using Twin.OpcUa.Client;
using Twin.OpcUa.Encoding;
using Twin.OpcUa.Services;

namespace Twin.Cli.OpcUa;

/// <summary>
/// <c>twin opcua browse &lt;endpoint&gt; [--node] [--depth]</c>: the address tree with the node id of
/// every node (ready to paste into a tag map) and the current value of every variable.
/// </summary>
internal static class BrowseCommand
{
    public static Command Create()
    {
        var connection = new ConnectionOptions();
        var start = new Option<string>("--node") { Description = "Node to start from.", DefaultValueFactory = _ => "i=85" };
        var depth = new Option<int>("--depth")
        {
            Description = "Levels to descend below the start node.",
            DefaultValueFactory = _ => 3,
            Validators = { IntRange.Check(1, 20, "--depth must be 1..20.") },
        };
        var command = new Command("browse", "Print the address tree below a node (default: Objects) with node ids, data types and current values.");
        connection.AddTo(command);
        command.Options.Add(start);
        command.Options.Add(depth);
        command.SetAction((parse, cancellationToken) =>
        {
            if (!OpcUaSessionRunner.TryParseNodeIds([parse.GetValue(start)!], parse.InvocationConfiguration.Error, out var startIds))
            {
                return Task.FromResult(TwinCommandLine.UsageError);
            }

            return OpcUaSessionRunner.RunAsync(parse, connection, async (client, output, _, ct) =>
            {
                var root = startIds[0];
                var name = (await client.ReadAsync([new ReadValueId { NodeId = root, AttributeId = AttributeIds.DisplayName }], TimestampsToReturn.Neither, ct))[0];
                if (name.StatusCode.IsBad)
                {
                    await output.WriteLineAsync($"{root}: {ValueText.Status(name.StatusCode)}");
                    return TwinCommandLine.Failed;
                }

                await output.WriteLineAsync($"{ValueText.Of(name.Value).Trim('"')}  {root}");
                await new TreePrinter(client, output, parse.GetValue(depth), ct).PrintChildrenAsync(root, prefix: string.Empty, level: 1, visited: [root]);
                return 0;
            }, cancellationToken);
        });
        return command;
    }

    /// <summary>Walks the tree depth-first; one Browse per node and one Read for the variables under it.</summary>
    private sealed class TreePrinter(OpcUaClient client, TextWriter output, int maxDepth, CancellationToken cancellationToken)
    {
        public async Task PrintChildrenAsync(NodeId parent, string prefix, int level, HashSet<NodeId> visited)
        {
            var children = (await client.BrowseAsync(parent, cancellationToken)).Where(r => r.NodeId.IsLocal).ToList();
            var variables = children.Where(c => c.NodeClass == NodeClass.Variable).ToList();
            var values = variables.Count == 0
                ? []
                : await client.ReadAsync(variables.Select(v => new ReadValueId { NodeId = v.NodeId.NodeId }).ToList(), TimestampsToReturn.Neither, cancellationToken);
            var valueOf = variables.Select((v, i) => (v.NodeId.NodeId, values[i])).ToDictionary(p => p.NodeId, p => p.Item2);

            for (var i = 0; i < children.Count; i++)
            {
                var child = children[i];
                var last = i == children.Count - 1;
                var id = child.NodeId.NodeId;
                var line = $"{prefix}{(last ? "└── " : "├── ")}{child.DisplayName.Text ?? child.BrowseName.Name}  {id}";
                var expand = level < maxDepth && child.NodeClass is NodeClass.Object or NodeClass.Variable && visited.Add(id);
                if (valueOf.TryGetValue(id, out var value))
                {
                    line += $"  = {ValueText.Of(value.Value)}  {ValueText.TypeOf(value.Value)}{(value.StatusCode.IsGood ? string.Empty : $"  {ValueText.Status(value.StatusCode)}")}";
                }
                else if (child.NodeClass != NodeClass.Object)
                {
                    line += $"  ({child.NodeClass})";
                }

                // The standard Server object has hundreds of diagnostics nodes; an engineer looking
                // for machine tags does not want them unless asking for them.
                if (id == WellKnownNodes.Server && parent != WellKnownNodes.Server)
                {
                    line += "  (not expanded: --node i=2253 to see it)";
                    expand = false;
                }

                await output.WriteLineAsync(line);
                if (expand)
                {
                    await PrintChildrenAsync(id, prefix + (last ? "    " : "│   "), level + 1, visited);
                }
            }
        }
    }
}
