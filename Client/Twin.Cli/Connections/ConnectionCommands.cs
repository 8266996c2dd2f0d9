using System.CommandLine;
using System.Text.Json;
using Twin.Cli.Api;
using Twin.Cli.Output;

namespace Twin.Cli.Connections;

/// <summary><c>twin connections list|show</c>: health of the plant's OPC UA connections as the silo's ingest sees them.</summary>
internal static class ConnectionCommands
{
    private static readonly IReadOnlyList<Column> Columns =
    [
        new("NAME", Name), Column.Of("STATE", "state"), Column.Of("ENDPOINT", "endpointUrl"), Column.Of("LAST DATA", "lastDataAt"),
        Column.Of("VALUES", "notifications"), Column.Of("GAPS", "gaps"), Column.Of("OVERFLOW", "overflowedValues"),
        Column.Of("UNKNOWN", "unknownNodeCount"), Column.Of("RECONNECTS", "reconnects"), Column.Of("LAST ERROR", "lastError"),
    ];

    public static Command Create(CliEnvironment environment) => new("connections", "Health of the plant's OPC UA connections: state, last data, gaps, overflow, unknown tags.")
    {
        List(environment),
        Show(environment),
    };

    private static Command List(CliEnvironment environment)
    {
        var options = new ApiOptions(environment);
        var command = new Command("list", "Every configured OPC UA connection of the plant with its health.");
        options.AddTo(command);
        command.SetAction((parse, ct) => ApiCommandRunner.RunAsync(parse, options, async (api, token) =>
        {
            var connections = await api.Client.GetAsync(api.PlantPath("connections"), token);
            if (api.Json)
            {
                await JsonOutput.WriteAsync(api.Output, connections.Body);
            }
            else if (connections.Body.GetArrayLength() == 0)
            {
                await api.Error.WriteLineAsync($"Plant '{api.Plant}' has no OPC UA connections on this silo (none in its plant files).");
            }
            else
            {
                await Table.WriteAsync(api.Output, Columns, connections.Body.EnumerateArray());
            }

            return 0;
        }, ct));
        return command;
    }

    private static Command Show(CliEnvironment environment)
    {
        var options = new ApiOptions(environment);
        var name = new Argument<string>("name") { Description = "The connection's name in the plant file." };
        var command = new Command("show", "One connection's health, with the tags the server refused or the tag map does not know.") { name };
        options.AddTo(command);
        command.SetAction((parse, ct) => ApiCommandRunner.RunAsync(parse, options, async (api, token) =>
        {
            ApiAnswer connection;
            try
            {
                connection = await api.Client.GetAsync(api.PlantPath($"connections/{ApiContext.Segment(parse.GetValue(name)!)}"), token);
            }
            catch (CliFailure failure) when (ProblemText.IsNotFound(failure))
            {
                throw new CliFailure($"Plant '{api.Plant}' has no OPC UA connection '{parse.GetValue(name)}' (404 {failure.Code}); list them with: twin connections list --plant {api.Plant}");
            }

            await (api.Json ? JsonOutput.WriteAsync(api.Output, connection.Body) : ObjectView.WriteAsync(api.Output, connection.Body));
            return 0;
        }, ct));
        return command;
    }

    // "p1:line-1" is the connection "line-1" of plant p1; the plant is already on the command line.
    private static string Name(JsonElement row)
    {
        var id = Cells.Of(row, "connectionId");
        var colon = id.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? id : id[(colon + 1)..];
    }
}
