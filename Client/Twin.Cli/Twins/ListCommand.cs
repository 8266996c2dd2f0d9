using System.CommandLine;
using System.Text.Json;
using Twin.Cli.Api;
using Twin.Cli.Output;

namespace Twin.Cli.Twins;

/// <summary>
/// <c>twin &lt;kind&gt; list</c>: one page of the plant's twins in id order, or every page with <c>--all</c> (the silo
/// pages by id, so a list stays correct while twins are created). When more follow, stderr says how to get them.
/// </summary>
internal static class ListCommand
{
    public static Command Create(TwinKind kind, CliEnvironment environment)
    {
        var options = new ApiOptions(environment);
        var limit = new Option<int>("--limit")
        {
            Description = "Twins per page (1..5000).",
            DefaultValueFactory = _ => 100,
            Validators = { IntRange.Check(1, 5000, "--limit must be 1..5000.") },
        };
        var after = new Option<string?>("--after") { Description = "Start after this id (the cursor printed when more follow)." };
        var all = new Option<bool>("--all") { Description = "Follow every page to the end." };
        var onHold = new Option<bool>("--on-hold") { Description = "Only lots on quality hold." };
        var command = new Command("list", $"List the plant's {kind.Command.Replace('-', ' ')} in id order.");
        options.AddTo(command);
        command.Options.Add(limit);
        command.Options.Add(after);
        command.Options.Add(all);
        if (kind == TwinKind.Lots)
        {
            command.Options.Add(onHold);
        }

        command.SetAction((parse, ct) => ApiCommandRunner.RunAsync(parse, options, async (api, token) =>
        {
            var rows = new List<JsonElement>();
            var cursor = parse.GetValue(after);
            var filter = kind == TwinKind.Lots && parse.GetValue(onHold) ? "onHold=true&" : string.Empty;
            string? next;
            do
            {
                var query = $"?{filter}limit={parse.GetValue(limit)}{(cursor is null ? string.Empty : $"&after={Uri.EscapeDataString(cursor)}")}";
                var page = await api.Client.GetAsync(api.PlantPath(kind.Route + query), token);
                rows.AddRange(page.Body.EnumerateArray());
                // A cursor that does not move would loop for ever; the silo never sends one, a proxy might.
                next = page.NextAfter is { } n && n != cursor ? n : null;
                cursor = next;
            }
            while (next is not null && parse.GetValue(all));

            await (api.Json ? JsonOutput.WriteAsync(api.Output, rows) : Table.WriteAsync(api.Output, kind.ListColumns, rows));
            if (next is not null)
            {
                await api.Error.WriteLineAsync($"More {kind.Command.Replace('-', ' ')} follow: add --after {next} for the next page, or --all for every one.");
            }

            return 0;
        }, ct));
        return command;
    }
}
