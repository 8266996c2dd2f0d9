using System.CommandLine;
using Twin.Cli.Api;
using Twin.Cli.Output;

namespace Twin.Cli.Erp;

/// <summary><c>twin erp status|dead-letters|replay</c>: the plant's ERP queue, what the ERP rejected, and putting it back.</summary>
internal static class ErpCommands
{
    private static readonly IReadOnlyList<Column> DeadLetterColumns =
    [
        Column.Of("KEY", "idempotencyKey"), Column.Of("KIND", "kind"), Column.Of("WORK ORDER", "workOrder"), Column.Of("OP", "operation"),
        Column.Of("ITEM", "item"), Column.Of("LOT", "lot"), Column.Of("QUANTITY", "quantity"), Column.Of("UNIT", "unit"),
        Column.Of("REJECTED", "rejectedAt"), Column.Of("ATTEMPTS", "attempts"), Column.Of("REASON", "reason"),
    ];

    public static Command Create(CliEnvironment environment) => new("erp", "The plant's ERP synchronisation: queue figures, dead letters, replay.")
    {
        Status(environment),
        DeadLetters(environment),
        ReplayCommand.Create(environment),
    };

    private static Command Status(CliEnvironment environment)
    {
        var options = new ApiOptions(environment);
        var command = new Command("status", "Pending transactions and the oldest one's age, booked, retried and dead-lettered counts, the last failure.");
        options.AddTo(command);
        command.SetAction((parse, ct) => ApiCommandRunner.RunAsync(parse, options, async (api, token) =>
        {
            var figures = await api.Client.GetAsync(api.PlantPath("erp"), token);
            await (api.Json ? JsonOutput.WriteAsync(api.Output, figures.Body) : ObjectView.WriteAsync(api.Output, figures.Body));
            return 0;
        }, ct));
        return command;
    }

    private static Command DeadLetters(CliEnvironment environment)
    {
        var options = new ApiOptions(environment);
        var max = new Option<int?>("--max") { Description = "Oldest dead letters to show (default: the silo's default; at most its Twin:Api:MaxHistoryEntries)." };
        var command = new Command("dead-letters", "Transactions the ERP rejected for a business reason, oldest first, with the ERP's reason.") { max };
        options.AddTo(command);
        command.SetAction((parse, ct) => ApiCommandRunner.RunAsync(parse, options, async (api, token) =>
        {
            var query = parse.GetValue(max) is { } m ? $"?max={m}" : string.Empty;
            var letters = await api.Client.GetAsync(api.PlantPath("erp/dead-letters" + query), token);
            if (api.Json)
            {
                await JsonOutput.WriteAsync(api.Output, letters.Body);
            }
            else if (letters.Body.GetArrayLength() == 0)
            {
                await api.Error.WriteLineAsync($"Plant '{api.Plant}' has no dead letters.");
            }
            else
            {
                await Table.WriteAsync(api.Output, DeadLetterColumns, letters.Body.EnumerateArray());
            }

            return 0;
        }, ct));
        return command;
    }
}
