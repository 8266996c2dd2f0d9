using System.CommandLine;
using Twin.Cli.Api;

namespace Twin.Cli.Twins;

/// <summary><c>twin machines|work-orders|lots|locations list|show|history</c>: the plant's twins over the REST API.</summary>
internal static class TwinCommands
{
    public static IEnumerable<Command> Create(CliEnvironment environment) => TwinKind.All.Select(kind => new Command(kind.Command, kind.Description)
    {
        ListCommand.Create(kind, environment),
        Show(kind, environment),
        History(kind, environment),
    });

    private static Command Show(TwinKind kind, CliEnvironment environment)
    {
        var options = new ApiOptions(environment);
        var id = new Argument<string>("id") { Description = $"The {kind.Singular}'s id." };
        var command = new Command("show", $"Show one {kind.Singular} with everything the twin knows now.") { id };
        options.AddTo(command);
        command.SetAction((parse, ct) => ApiCommandRunner.RunAsync(parse, options, async (api, token) =>
        {
            var twin = await GetTwinAsync(api, kind, parse.GetValue(id)!, string.Empty, token);
            await (api.Json ? Output.JsonOutput.WriteAsync(api.Output, twin.Body) : Output.ObjectView.WriteAsync(api.Output, twin.Body));
            return 0;
        }, ct));
        return command;
    }

    private static Command History(TwinKind kind, CliEnvironment environment)
    {
        var options = new ApiOptions(environment);
        var id = new Argument<string>("id") { Description = $"The {kind.Singular}'s id." };
        var max = new Option<int?>("--max") { Description = "Newest entries to show (default: the silo's default; at most its Twin:Api:MaxHistoryEntries)." };
        var command = new Command("history", $"Show a {kind.Singular}'s recent history, oldest first: commands, changes, who and which correlation id.") { id, max };
        options.AddTo(command);
        command.SetAction((parse, ct) => ApiCommandRunner.RunAsync(parse, options, async (api, token) =>
        {
            var query = parse.GetValue(max) is { } m ? $"?max={m}" : string.Empty;
            var history = await GetTwinAsync(api, kind, parse.GetValue(id)!, "/history" + query, token);
            if (api.Json)
            {
                await Output.JsonOutput.WriteAsync(api.Output, history.Body);
            }
            else
            {
                await Output.Table.WriteAsync(api.Output, TwinKind.HistoryColumns, history.Body.EnumerateArray());
            }

            return 0;
        }, ct));
        return command;
    }

    /// <summary>GETs the twin's own route or one below it; an unknown twin is said in the CLI's words.</summary>
    private static async Task<ApiAnswer> GetTwinAsync(ApiContext api, TwinKind kind, string id, string below, CancellationToken cancellationToken)
    {
        try
        {
            return await api.Client.GetAsync(api.PlantPath($"{kind.Route}/{ApiContext.Segment(id)}{below}"), cancellationToken);
        }
        catch (CliFailure failure) when (ProblemText.IsNotFound(failure))
        {
            throw new CliFailure($"No {kind.Singular} '{id}' in plant '{api.Plant}' (404 {failure.Code}); list them with: twin {kind.Command} list --plant {api.Plant}")
            {
                Status = failure.Status,
                Code = failure.Code,
            };
        }
    }
}
